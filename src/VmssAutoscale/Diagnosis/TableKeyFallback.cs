using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Errors;
using VmssAutoscale.Sources;
using static VmssAutoscale.Errors.ModuleErrors;

namespace VmssAutoscale.Diagnosis
{
    /// <summary>
    /// When a read of the diagnostics tables moves from Microsoft Entra ID to an account key, and
    /// how the key is obtained. Get-VmssDiagnosticsSample and the live diagnosis (Debug-VmssAutoscale,
    /// Export-VmssAutoscaleReport) share it so they decide the same way: Entra ID is always tried
    /// first; the key is fetched with listKeys only when the caller gave -AllowKeyAccess and Entra ID
    /// failed for lack of access (the service answered 401/403: TableAccessDenied) or of a token (no
    /// credential could get one, or the endpoint is not https: TableCredentialUnavailable). Any other
    /// failure (network, missing account) is not helped by a key and stays an error.
    /// </summary>
    public static class TableKeyFallback
    {
        public static bool Applies(ModuleException failure, TableAccess access, bool allowKeyAccess) =>
            allowKeyAccess
            && access.Authentication == TableAuthentication.EntraId
            && (failure.ErrorId == ErrorIds.TableAccessDenied || failure.ErrorId == ErrorIds.TableCredentialUnavailable);

        /// <summary>What the user is told (a warning): that a key is used from now on, and why.</summary>
        public static string Warning(string accountName, ModuleException failure) =>
            failure.ErrorId == ErrorIds.TableAccessDenied
                ? $"Microsoft Entra ID was refused on storage account '{accountName}'; using an account key from listKeys (-AllowKeyAccess)."
                : $"Microsoft Entra ID could not be used on storage account '{accountName}' (no storage token: {FirstSentence(failure.Message)}); using an account key from listKeys (-AllowKeyAccess).";

        /// <summary>
        /// The account's first key as a key-based access to its table endpoint. <paramref name="keySeen"/>
        /// gets the key before anything else can print, so callers register it with their redactor.
        /// </summary>
        public static async Task<TableAccess> KeyAccessAsync(
            IDiagnosticsBackend backend, AzureConnectionOptions connection, StorageAccountEndpoint account, SourceLog log, System.Action<string> keySeen, CancellationToken cancellationToken)
        {
            var key = await backend.ListKeyAsync(connection, account.Id, log, cancellationToken).ConfigureAwait(false);
            keySeen(key);
            return new TableAccess { Authentication = TableAuthentication.AccountKey, TableEndpoint = account.TableEndpoint, StorageAccountName = account.Name, AccountKey = key };
        }

        private static string FirstSentence(string message)
        {
            var end = message.IndexOf(". ", System.StringComparison.Ordinal);
            return end > 0 ? message.Substring(0, end) : message.TrimEnd('.');
        }
    }
}
