using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;

namespace VmssAutoscale.Sources
{
    /// <summary>
    /// Runs when PowerShell imports the module. It only installs the resolver for the isolated
    /// assembly; nothing Azure is loaded until a live cmdlet needs it, so importing stays cheap.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        public void OnImport() => DependencyLoader.Register();

        public void OnRemove(PSModuleInfo psModuleInfo) => DependencyLoader.Unregister();
    }

    /// <summary>
    /// Reaches VmssAutoscale.Azure and the Azure SDK in the module's dependencies/ folder.
    /// On PowerShell 7 they load into a private AssemblyLoadContext, so another module's
    /// Azure.Core (Az.Accounts) and ours never meet. Windows PowerShell 5.1 has one load context per
    /// process: there we can only resolve from dependencies/ on demand, and whichever Azure.Core
    /// loads first is used by everyone (the README states this limit).
    /// </summary>
    public static class DependencyLoader
    {
        public const string AzureAssemblyName = "VmssAutoscale.Azure";

        private static readonly object Gate = new object();
        private static bool registered;

        public static string DependencyFolder { get; } =
            Path.Combine(Path.GetDirectoryName(typeof(DependencyLoader).Assembly.Location) ?? ".", "dependencies");

        public static bool IsNetFramework { get; } =
            RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase);

        public static void Register()
        {
            lock (Gate)
            {
                if (registered)
                {
                    return;
                }

                // Each branch lives in its own class so the JIT never touches AssemblyLoadContext
                // on .NET Framework, where the type does not exist.
                if (IsNetFramework)
                {
                    FrameworkResolver.Register(DependencyFolder);
                }
                else
                {
                    CoreResolver.Register(DependencyFolder);
                }

                registered = true;
            }
        }

        public static void Unregister()
        {
            lock (Gate)
            {
                if (!registered)
                {
                    return;
                }

                if (IsNetFramework)
                {
                    FrameworkResolver.Unregister();
                }
                else
                {
                    CoreResolver.Unregister();
                }

                registered = false;
            }
        }

        /// <summary>Loads VmssAutoscale.Azure where it belongs: the private context on .NET, the AppDomain on .NET Framework.</summary>
        public static Assembly LoadAzureAssembly()
        {
            Register();
            var path = Path.Combine(DependencyFolder, AzureAssemblyName + ".dll");
            if (!File.Exists(path))
            {
                // Running from a build output (xUnit) rather than the module layout: the assembly
                // sits next to this one and the normal loader finds it.
                return Assembly.Load(new AssemblyName(AzureAssemblyName));
            }

            return IsNetFramework ? FrameworkResolver.Load(path) : CoreResolver.Load(path);
        }

        /// <summary>The load context an assembly lives in, for the isolation tests and diagnostics ("Default" or our context's name).</summary>
        public static string DescribeLoadContext(Assembly assembly) =>
            IsNetFramework ? "AppDomain" : CoreResolver.Describe(assembly);
    }

    internal static class FrameworkResolver
    {
        private static string folder = string.Empty;

        public static void Register(string dependencyFolder)
        {
            folder = dependencyFolder;
            AppDomain.CurrentDomain.AssemblyResolve += Resolve;
        }

        public static void Unregister() => AppDomain.CurrentDomain.AssemblyResolve -= Resolve;

        public static Assembly Load(string path) => Assembly.LoadFrom(path);

        private static Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            var name = new AssemblyName(args.Name).Name;
            var path = Path.Combine(folder, name + ".dll");
            return File.Exists(path) ? Assembly.LoadFrom(path) : null;
        }
    }

    internal static class CoreResolver
    {
        private static DependencyLoadContext? context;

        public static void Register(string dependencyFolder)
        {
            context ??= new DependencyLoadContext(dependencyFolder);
            System.Runtime.Loader.AssemblyLoadContext.Default.Resolving += ResolveFromDefault;
        }

        public static void Unregister() => System.Runtime.Loader.AssemblyLoadContext.Default.Resolving -= ResolveFromDefault;

        public static Assembly Load(string path) => context!.LoadFromAssemblyPath(path);

        public static string Describe(Assembly assembly)
        {
            var owner = System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(assembly);
            return owner == null ? "None"
                : ReferenceEquals(owner, System.Runtime.Loader.AssemblyLoadContext.Default) ? "Default"
                : owner is DependencyLoadContext ? DependencyLoadContext.ContextName
                : owner.GetType().Name;
        }

        // Answers the default context only for our Azure assembly, and only after the default
        // context failed to find it (it never probes dependencies/). Every other name, including
        // Azure.Core, is left to whoever owns it, so we never hand our SDK to another module.
        private static Assembly? ResolveFromDefault(System.Runtime.Loader.AssemblyLoadContext defaultContext, AssemblyName name)
        {
            if (!string.Equals(name.Name, DependencyLoader.AzureAssemblyName, StringComparison.OrdinalIgnoreCase) || context == null)
            {
                return null;
            }

            var path = Path.Combine(context.Folder, DependencyLoader.AzureAssemblyName + ".dll");
            return File.Exists(path) ? context.LoadFromAssemblyPath(path) : null;
        }
    }

    /// <summary>
    /// The private context. It serves the DLLs in dependencies/ except those the shared framework
    /// already provides in the same or a newer version (System.Memory, System.Text.Json, ...):
    /// those come from the default context so that framework types keep one identity (a second
    /// Span or JsonElement type would break calls into the framework). VmssAutoscale.dll itself is
    /// not in dependencies/, so the Azure assembly binds to the copy the cmdlets use and our model
    /// types cross the boundary unchanged.
    /// </summary>
    internal sealed class DependencyLoadContext : System.Runtime.Loader.AssemblyLoadContext
    {
        public const string ContextName = "VmssAutoscale.Dependencies";

        private readonly Dictionary<string, string> frameworkAssemblies;

        public DependencyLoadContext(string folder)
        {
            Folder = folder;
            frameworkAssemblies = FrameworkAssemblies();
        }

        public string Folder { get; }

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var name = assemblyName.Name ?? string.Empty;
            var path = Path.Combine(Folder, name + ".dll");
            if (!File.Exists(path))
            {
                return null;
            }

            if (frameworkAssemblies.TryGetValue(name, out var frameworkPath) && !IsNewer(path, frameworkPath))
            {
                return null;
            }

            return LoadFromAssemblyPath(path);
        }

        private static bool IsNewer(string ours, string framework)
        {
            try
            {
                return AssemblyName.GetAssemblyName(ours).Version > AssemblyName.GetAssemblyName(framework).Version;
            }
            catch (BadImageFormatException)
            {
                return false;
            }
        }

        // Only the shared framework's own folder counts: PowerShell's application assemblies are
        // also on the trusted list, and if a future PowerShell shipped Azure.Core there we must
        // still use ours.
        private static Dictionary<string, string> FrameworkAssemblies()
        {
            var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var frameworkDir = Path.GetDirectoryName(typeof(object).Assembly.Location);
            if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string list && frameworkDir != null)
            {
                foreach (var path in list.Split(Path.PathSeparator))
                {
                    if (string.Equals(Path.GetDirectoryName(path), frameworkDir, StringComparison.OrdinalIgnoreCase))
                    {
                        result[Path.GetFileNameWithoutExtension(path)] = path;
                    }
                }
            }

            return result;
        }
    }

    /// <summary>Creates the live Azure backend once per process, inside the private context.</summary>
    public static class AzureBackendLoader
    {
        private const string BackendTypeName = "VmssAutoscale.Azure.AzureBackend";
        private static readonly object Gate = new object();
        private static IAzureBackend? backend;

        public static IAzureBackend Backend
        {
            get
            {
                lock (Gate)
                {
                    return backend ??= Create();
                }
            }
        }

        // Kept out of line so that merely calling Backend does not make the JIT resolve anything
        // from the Azure assembly before the resolver is in place.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static IAzureBackend Create()
        {
            var assembly = DependencyLoader.LoadAzureAssembly();
            var type = assembly.GetType(BackendTypeName, throwOnError: true)!;
            return (IAzureBackend)Activator.CreateInstance(type)!;
        }
    }
}
