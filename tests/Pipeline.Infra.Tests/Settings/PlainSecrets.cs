using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Pipeline.Infra.Tests.Bicep;

namespace Pipeline.Infra.Tests.Settings;

/// <summary>Finds secrets a compiled template would put in plain text: keys, connection strings, passwords.</summary>
internal static partial class PlainSecrets
{
    /// <summary>
    /// Settings whose names look secret but whose values are not. The Application Insights connection string names
    /// the component and its ingestion endpoint; with local auth disabled (checked below) it grants nothing. The same
    /// value passes through the function app module's parameter of that name.
    /// </summary>
    private static readonly HashSet<string> NotSecret = new(StringComparer.Ordinal) { "APPLICATIONINSIGHTS_CONNECTION_STRING", "appInsightsConnectionString" };

    public static IReadOnlyList<string> Find(JsonObject template)
    {
        var problems = new List<string>();

        foreach (var (type, path, value) in ArmTemplate.Strings(template))
        {
            if (value.Contains("AccountKey=", StringComparison.OrdinalIgnoreCase) || value.Contains("SharedAccessSignature=", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{path}: a storage key or SAS in a string");
            }

            if (Base64Key().Matches(value).Any(m => m.Value.Any(char.IsDigit) && m.Value.Any(char.IsUpper) && m.Value.Any(char.IsLower)))
            {
                problems.Add($"{path}: a literal that looks like a key");
            }

            // list*() reads a secret at deployment time. The one allowed use: the blob extension's system key, handed
            // to Event Grid in the webhook URL of the subscription, which Event Grid keeps write-only.
            if (ListFunction().IsMatch(value))
            {
                var allowed = type == "Microsoft.EventGrid/systemTopics/eventSubscriptions"
                    && path.EndsWith(".destination.properties.endpointUrl", StringComparison.Ordinal)
                    && value.Contains("systemKeys.blobs_extension", StringComparison.Ordinal)
                    && ListFunction().Matches(value).Count == 1;
                if (!allowed)
                {
                    problems.Add($"{path}: {ListFunction().Match(value).Value} outside the Event Grid webhook URL");
                }
            }
        }

        foreach (var (name, value) in ArmTemplate.AppSettings(template))
        {
            if (SecretName().IsMatch(name) && !NotSecret.Contains(name) && value != "\"\"" && !value.Contains("@Microsoft.KeyVault(SecretUri=", StringComparison.Ordinal))
            {
                problems.Add($"app setting {name}: a secret must be a Key Vault reference, not {value}");
            }

            if (value.Contains("password=", StringComparison.OrdinalIgnoreCase) || value.Contains("pwd=", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"app setting {name}: a password in its value");
            }

            if (value.Contains("parameters('", StringComparison.Ordinal) && SecureParameterUse(template, value) is { } secure)
            {
                problems.Add($"app setting {name}: the secure parameter {secure} in its value");
            }
        }

        foreach (var (name, parameter) in Parameters(template))
        {
            var type = (string?)parameter["type"];
            if (SecretName().IsMatch(name) && !NotSecret.Contains(name) && type == "string")
            {
                problems.Add($"parameter {name}: looks secret but is {type}, not @secure()");
            }

            if (type == "securestring" && parameter["defaultValue"] is JsonValue d && d.TryGetValue<string>(out var v) && v.Length > 0)
            {
                problems.Add($"parameter {name}: a secure parameter with a default value");
            }
        }

        foreach (var storage in ArmTemplate.ResourcesOfType(template, "Microsoft.Storage/storageAccounts"))
        {
            if (storage["properties"]?["allowSharedKeyAccess"] is not JsonValue shared || shared.GetValue<bool>())
            {
                problems.Add($"storage account {storage["name"]}: allowSharedKeyAccess must be false");
            }
        }

        foreach (var component in ArmTemplate.ResourcesOfType(template, "Microsoft.Insights/components"))
        {
            if (component["properties"]?["DisableLocalAuth"] is not JsonValue local || !local.GetValue<bool>())
            {
                problems.Add($"Application Insights {component["name"]}: DisableLocalAuth must be true");
            }
        }

        foreach (var account in ArmTemplate.ResourcesOfType(template, "Microsoft.CognitiveServices/accounts"))
        {
            if (account["properties"]?["disableLocalAuth"] is not JsonValue local || !local.GetValue<bool>())
            {
                problems.Add($"Cognitive Services {account["name"]}: disableLocalAuth must be true");
            }
        }

        return problems;
    }

    /// <summary>Every parameter declaration, in the main template and in each module's.</summary>
    private static IEnumerable<(string Name, JsonObject Parameter)> Parameters(JsonNode template)
    {
        var templates = new[] { template }.Concat(ArmTemplate.ResourcesOfType(template, "Microsoft.Resources/deployments").Select(d => d["properties"]?["template"]).OfType<JsonNode>());
        return templates
            .Select(t => t["parameters"]).OfType<JsonObject>()
            .SelectMany(p => p.Select(kv => (kv.Key, kv.Value)))
            .Where(kv => kv.Value is JsonObject)
            .Select(kv => (kv.Key, (JsonObject)kv.Value!));
    }

    private static string? SecureParameterUse(JsonNode template, string value) =>
        Parameters(template)
            .Where(p => (string?)p.Parameter["type"] is "securestring" or "secureObject")
            .Select(p => p.Name)
            .FirstOrDefault(n => value.Contains($"parameters('{n}')", StringComparison.Ordinal));

    [GeneratedRegex(@"(?i)password|secret|tokenkey|accountkey|apikey|connectionstring|connection_string|sastoken")]
    private static partial Regex SecretName();

    [GeneratedRegex(@"\blist[A-Za-z]*\(", RegexOptions.IgnoreCase)]
    private static partial Regex ListFunction();

    // Storage and Cognitive Services keys: long runs of base64 mixing digits and both cases (resource types don't).
    [GeneratedRegex(@"[A-Za-z0-9+/]{40,}={0,2}")]
    private static partial Regex Base64Key();
}
