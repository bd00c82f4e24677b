namespace VmssAutoscale.Errors
{
    /// <summary>
    /// Every error id the module raises, in one place. The FullyQualifiedErrorId a user sees is
    /// "VmssAutoscale." + one of these, so scripts can catch a failure by id; code that decides on a
    /// failure (key fallback, retries) compares against these constants, never a string literal.
    /// An id, once shipped, is never renamed.
    /// </summary>
    public static class ErrorIds
    {
        public const string AmbiguousSamplePath = "AmbiguousSamplePath";

        public const string AmbiguousSubscription = "AmbiguousSubscription";

        public const string AuthenticationFailed = "AuthenticationFailed";

        public const string BundleExists = "BundleExists";

        public const string BundleWriteFailed = "BundleWriteFailed";

        public const string CommandTimeout = "CommandTimeout";

        public const string ConflictingWindow = "ConflictingWindow";

        public const string ConnectionFailed = "ConnectionFailed";

        public const string DiagnosisFailed = "DiagnosisFailed";

        public const string DirectionWithoutTime = "DirectionWithoutTime";

        public const string FileNotFound = "FileNotFound";

        public const string HostMetricsNeedAzure = "HostMetricsNeedAzure";

        public const string InputCycle = "InputCycle";

        public const string InputTooDeep = "InputTooDeep";

        public const string InvalidAutoscaleSetting = "InvalidAutoscaleSetting";

        public const string InvalidCapacity = "InvalidCapacity";

        public const string InvalidConnectionString = "InvalidConnectionString";

        public const string InvalidCoreCount = "InvalidCoreCount";

        public const string InvalidDiagnosticsQuery = "InvalidDiagnosticsQuery";

        public const string InvalidInterval = "InvalidInterval";

        public const string InvalidOption = "InvalidOption";

        public const string InvalidPeriod = "InvalidPeriod";

        public const string InvalidResourceManagerUrl = "InvalidResourceManagerUrl";

        public const string InvalidResponse = "InvalidResponse";

        public const string InvalidSample = "InvalidSample";

        public const string InvalidScaleSetModel = "InvalidScaleSetModel";

        public const string InvalidSnapshot = "InvalidSnapshot";

        public const string InvalidTimeRange = "InvalidTimeRange";

        /// <summary>A Log Analytics workspace refused or failed the autoscale log query (permission, no table yet, query error).</summary>
        public const string LogQueryFailed = "LogQueryFailed";

        public const string MetricUnavailable = "MetricUnavailable";

        public const string NoAutoscaleSetting = "NoAutoscaleSetting";

        public const string NoDiagnosticsExtension = "NoDiagnosticsExtension";

        public const string NoMetricName = "NoMetricName";

        public const string NoMetricsResourceId = "NoMetricsResourceId";

        public const string NoStorageAccount = "NoStorageAccount";

        public const string NoStorageKey = "NoStorageKey";

        public const string NoSubscription = "NoSubscription";

        public const string NoTableCredential = "NoTableCredential";

        public const string NotAScaleSet = "NotAScaleSet";

        public const string NotFound = "NotFound";

        public const string NotInSnapshot = "NotInSnapshot";

        public const string NotSignedIn = "NotSignedIn";

        public const string OneSettingOnly = "OneSettingOnly";

        public const string PathIsDirectory = "PathIsDirectory";

        public const string PathInsideSource = "PathInsideSource";

        public const string PipedInputNotSample = "PipedInputNotSample";

        public const string PathNotFound = "PathNotFound";

        public const string PermissionDenied = "PermissionDenied";

        public const string RedirectRefused = "RedirectRefused";

        public const string RequestFailed = "RequestFailed";

        public const string ResponseTooLarge = "ResponseTooLarge";

        public const string SampleFileUnreadable = "SampleFileUnreadable";

        public const string SamplesTwice = "SamplesTwice";

        public const string ScaleFailed = "ScaleFailed";

        public const string ScaleSetModelNotFound = "ScaleSetModelNotFound";

        public const string ScaleSetNotInSnapshot = "ScaleSetNotInSnapshot";

        /// <summary>-Snapshot without names on a bundle that holds several scale sets: the message lists them.</summary>
        public const string ScaleSetNotChosen = "ScaleSetNotChosen";

        public const string ServiceError = "ServiceError";

        public const string SettingNotInSnapshot = "SettingNotInSnapshot";

        public const string SettingRejectedByService = "SettingRejectedByService";

        public const string SettingRequired = "SettingRequired";

        public const string SettingTwice = "SettingTwice";

        public const string SnapshotIsReadOnly = "SnapshotIsReadOnly";

        public const string StartAfterEnd = "StartAfterEnd";

        public const string StorageAccountNotFound = "StorageAccountNotFound";

        public const string TableAccessDenied = "TableAccessDenied";

        public const string TableConnectionFailed = "TableConnectionFailed";

        public const string TableCredentialUnavailable = "TableCredentialUnavailable";

        public const string TableReadFailed = "TableReadFailed";

        public const string TemplateCheckFailed = "TemplateCheckFailed";

        public const string TemplateEvaluationFailed = "TemplateEvaluationFailed";

        public const string TemplateReadFailed = "TemplateReadFailed";

        public const string Throttled = "Throttled";

        public const string Timeout = "Timeout";

        public const string UnknownTimeZone = "UnknownTimeZone";

        public const string UnsortedSamples = "UnsortedSamples";

        public const string UntrustedLink = "UntrustedLink";

        /// <summary>-InstanceWarmup outside zero to one hour, or given where no load is redistributed.</summary>
        public const string InvalidInstanceWarmup = "InvalidInstanceWarmup";

        /// <summary>Optimize/Compare: no -MaxLoad and the setting has not exactly one scale-out threshold to default to.</summary>
        public const string MaxLoadRequired = "MaxLoadRequired";

        /// <summary>Optimize: the setting has no rule to vary (no profile with rules, or only scheduled profiles).</summary>
        public const string NothingToOptimize = "NothingToOptimize";

        /// <summary>Optimize/Compare: the samples hold no minute the replay can score.</summary>
        public const string NoHistoryToScore = "NoHistoryToScore";

        /// <summary>Compare -ReportPath could not be written.</summary>
        public const string ReportWriteFailed = "ReportWriteFailed";

        /// <summary>An engine cmdlet got no samples at all (issue 24): an error naming the ways to give them, never a decision on nothing.</summary>
        public const string SamplesRequired = "SamplesRequired";

        public const string UntrustedResourceId = "UntrustedResourceId";

        public const string RequestNotAllowed = "RequestNotAllowed";

        public const string ListTooLong = "ListTooLong";

        public const string SnapshotNotRegularFile = "SnapshotNotRegularFile";

        public const string SnapshotTooLarge = "SnapshotTooLarge";
    }
}
