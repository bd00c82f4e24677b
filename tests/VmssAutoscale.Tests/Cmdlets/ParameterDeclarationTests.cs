using System.Linq;
using System.Management.Automation;
using System.Reflection;
using VmssAutoscale.Cmdlets;

namespace VmssAutoscale.Tests.Cmdlets
{
    /// <summary>
    /// No cmdlet parameter hides a base class property with `new`: PowerShell would bind the
    /// derived one while the base class's code kept reading its own, never-set property (Debug-
    /// VmssAutoscale's string[] -SubscriptionId hid ScaleSetCmdlet's string one). A parameter whose
    /// binding differs overrides the base property; one whose type differs is declared per cmdlet.
    /// tests/Pester/ScaleSetParameters.Tests.ps1 pins the resulting binding.
    /// </summary>
    public class ParameterDeclarationTests
    {
        [Fact]
        public void No_cmdlet_property_hides_a_base_class_property()
        {
            var cmdlets = typeof(ScaleSetCmdlet).Assembly.GetTypes().Where(t => typeof(Cmdlet).IsAssignableFrom(t)).ToList();
            Assert.Contains(typeof(DebugVmssAutoscaleCommand), cmdlets);
            var hiding =
                from type in cmdlets
                from property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                let accessor = property.GetMethod ?? property.SetMethod
                where accessor != null && accessor.GetBaseDefinition() == accessor // not an override
                from baseType in Ancestors(type)
                where baseType.GetProperty(property.Name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly) != null
                select $"{type.Name}.{property.Name} hides {baseType.Name}.{property.Name}";
            Assert.Empty(hiding);
        }

        private static System.Collections.Generic.IEnumerable<System.Type> Ancestors(System.Type type)
        {
            for (var t = type.BaseType; t != null && t != typeof(object); t = t.BaseType)
            {
                yield return t;
            }
        }
    }
}
