using System;
using System.Linq;
using VmssAutoscale.Json;
using VmssAutoscale.Model;

namespace VmssAutoscale.Templates
{
    /// <summary>
    /// The diagnostics extension's storage account: the name in settings, the name in
    /// protectedSettings and the account the key or SAS comes from must be one account that the
    /// template deploys or takes as a parameter; otherwise the agent writes nowhere and autoscale sees no data.
    /// </summary>
    internal static class DiagnosticsStorageChecks
    {
        private const string Rule = "DiagnosticsStorageMismatch";
        private const string ExtensionType = "Microsoft.Compute/virtualMachineScaleSets/extensions";

        public static void Run(EvaluatedTemplate template, ScaleSetView scaleSet, FindingSink sink)
        {
            foreach (var d in scaleSet.Diagnostics)
            {
                var settingsName = d.SettingsStorageAccount?.StringValue;
                var protectedName = d.ProtectedStorageAccount?.StringValue;
                var account = protectedName ?? settingsName;
                var where = d.ProtectedStorageAccount ?? d.SettingsStorageAccount ?? d.Node;
                if (settingsName != null && protectedName != null && !SameName(settingsName, protectedName))
                {
                    var symbolic = SymbolTable.IsSymbolic(settingsName) || SymbolTable.IsSymbolic(protectedName);
                    sink.Add(Rule, symbolic ? FindingSeverity.Information : FindingSeverity.Error,
                        $"Extension '{d.Name}' names storage account '{SymbolTable.Display(settingsName)}' in settings but '{SymbolTable.Display(protectedName)}' in protectedSettings" +
                        (symbolic ? "; they depend on deployment-time values, so cannot verify offline that they are the same account." : "; the agent authenticates to one account and writes to another, so no data arrives."),
                        "Use the same variable for settings.storageAccount and protectedSettings.storageAccountName.", d.Name, ExtensionType, where);
                }

                if (account == null)
                {
                    continue;
                }

                CheckKey(template, d, account, sink);
                if (!SymbolTable.IsSymbolic(account) || template.Symbols.Within(account).All(c => c.Function != "parameters"))
                {
                    var deployed = template.Resources.Any(r => r.IsType("Microsoft.Storage/storageAccounts") && SameName(SymbolTable.LastSegment(r.Name), account));
                    var parameter = template.Parameters.Any(p => p.Value?.Kind == JsonKind.String && SameName(p.Value.StringValue ?? string.Empty, account))
                        || template.Symbols.Within(account).Any(c => c.Function == "parameters");
                    if (!deployed && !parameter && !SymbolTable.IsSymbolic(account))
                    {
                        sink.Add(Rule, FindingSeverity.Warning,
                            $"Extension '{d.Name}' writes to storage account '{account}', which the template neither deploys nor takes as a parameter; if it does not exist in the subscription, the agent has nowhere to write.",
                            "Deploy the account in the template (and add it to the scale set's dependsOn) or take its name as a parameter.", d.Name, ExtensionType, where);
                    }
                }
            }
        }

        private static void CheckKey(EvaluatedTemplate template, DiagnosticsConfig d, string account, FindingSink sink)
        {
            var key = d.StorageAccountKey?.StringValue ?? d.StorageAccountSasToken?.StringValue;
            var keyNode = d.StorageAccountKey ?? d.StorageAccountSasToken;
            if (key == null || keyNode == null)
            {
                if (d.Agent != DiagnosticsAgent.Lad3 || d.StorageAccountKey == null)
                {
                    return;
                }
            }

            var call = template.Symbols.AsSingle(key);
            if (call == null || !(call.Function.StartsWith("list", StringComparison.OrdinalIgnoreCase)))
            {
                return;
            }

            if (call.Function.Equals("listKeys", StringComparison.OrdinalIgnoreCase) && call.Members.Count == 0)
            {
                sink.Add(Rule, FindingSeverity.Error,
                    $"Extension '{d.Name}' sets storageAccountKey to the whole result of {call.Function}(), an object with a list of keys, not a key; the agent cannot authenticate to storage and writes no data.",
                    "Select one key: append .key1 (api-version 2015-06-15) or .keys[0].value (2016-01-01 and later) to the listKeys() call.", d.Name, ExtensionType, keyNode);
                return;
            }

            var keyAccountId = call.Args.Count > 0 ? call.Args[0].StringValue : null;
            if (keyAccountId == null)
            {
                return;
            }

            var keyAccount = SymbolTable.LastSegment(keyAccountId);
            if (!SameName(keyAccount, account))
            {
                var symbolic = SymbolTable.IsSymbolic(keyAccount) || SymbolTable.IsSymbolic(account);
                sink.Add(Rule, symbolic ? FindingSeverity.Information : FindingSeverity.Error,
                    $"Extension '{d.Name}' writes to storage account '{SymbolTable.Display(account)}' but takes its key from {call.Function}() of '{SymbolTable.Display(keyAccount)}'" +
                    (symbolic ? "; cannot verify offline that they are the same account." : "; the key does not open that account, so no data arrives."),
                    "Call listKeys() on the resource ID of the same storage account the extension names.", d.Name, ExtensionType, keyNode);
            }
        }

        private static bool SameName(string a, string b) => SymbolTable.IdKey(a) == SymbolTable.IdKey(b);
    }
}
