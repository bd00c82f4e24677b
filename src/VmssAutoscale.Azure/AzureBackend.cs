using VmssAutoscale.Azure.Arm;
using VmssAutoscale.Sources;

namespace VmssAutoscale.Azure
{
    /// <summary>
    /// The entry point the cmdlet assembly creates by name (AzureBackendLoader) inside the
    /// private load context. Everything it hands out is typed by the cmdlet assembly's interfaces.
    /// </summary>
    public sealed class AzureBackend : IAzureBackend
    {
        public IAzureSession Open(AzureConnectionOptions options) => new LiveAzureSession(options);
    }
}
