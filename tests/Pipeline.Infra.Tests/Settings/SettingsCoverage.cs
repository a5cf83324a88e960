namespace Pipeline.Infra.Tests.Settings;

/// <summary>Which settings the code reads that a template's app settings do not provide.</summary>
internal static class SettingsCoverage
{
    /// <summary>
    /// Settings the template may leave out because the code's default is right in Azure too. Never a binding
    /// expression or a connection: the host cannot start its triggers without those.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> OptionalWithSafeDefault = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // Only the local blob-change feed (pipeline up / bridge) uses it; in Azure, Event Grid announces blobs.
        ["AnnouncedBlobsTable"] = "local blob-change feed only",
        // The reconciler runs beside the local feed; in Azure, Event Grid retries delivery itself.
        ["Reliability__AnnounceGracePeriod"] = "local reconciler and status --verify; 2 minutes suits Azure too",
        ["Reliability__ReconcileInterval"] = "local reconciler only",
    };

    public static IReadOnlyList<CodeSetting> Missing(IEnumerable<CodeSetting> required, IReadOnlyDictionary<string, string> appSettings) =>
        required
            .Where(s => !appSettings.ContainsKey(s.Name))
            .Where(s => s.Source is SettingSource.BindingExpression or SettingSource.Connection || !OptionalWithSafeDefault.ContainsKey(s.Name))
            .ToList();
}
