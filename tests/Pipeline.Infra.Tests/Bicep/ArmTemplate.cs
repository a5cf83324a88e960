using System.Text.Json.Nodes;

namespace Pipeline.Infra.Tests.Bicep;

/// <summary>Reads what the tests check out of a compiled ARM template, nested module deployments included.</summary>
internal static class ArmTemplate
{
    /// <summary>Every resource declaration, at any depth (resources are an array, or an object in languageVersion 2.0).</summary>
    public static IEnumerable<JsonObject> Resources(JsonNode template)
    {
        foreach (var node in Descendants(template))
        {
            if (node is JsonObject o && o["type"] is JsonValue type && type.TryGetValue<string>(out var t) && t.Contains('/', StringComparison.Ordinal) && o["apiVersion"] is not null)
            {
                yield return o;
            }
        }
    }

    public static IEnumerable<JsonObject> ResourcesOfType(JsonNode template, string type) =>
        Resources(template).Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The function app's settings: the keys of every <c>Microsoft.Web/sites/config</c> named appsettings, and the
    /// <c>siteConfig.appSettings</c> name/value pairs of every site, with their (possibly expression) values.
    /// </summary>
    public static IReadOnlyDictionary<string, string> AppSettings(JsonNode template)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var config in ResourcesOfType(template, "Microsoft.Web/sites/config"))
        {
            if (!((string?)config["name"] ?? "").Contains("appsettings", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var properties = config["properties"] as JsonObject
                ?? throw new InvalidOperationException("App settings must be an object literal (not a union() expression), so they can be checked.");
            foreach (var (name, value) in properties)
            {
                settings[name] = value?.ToJsonString() ?? "null";
            }
        }

        foreach (var site in ResourcesOfType(template, "Microsoft.Web/sites"))
        {
            if (site["properties"]?["siteConfig"]?["appSettings"] is JsonArray pairs)
            {
                foreach (var pair in pairs.OfType<JsonObject>())
                {
                    settings[(string)pair["name"]!] = pair["value"]?.ToJsonString() ?? "null";
                }
            }
        }

        return settings;
    }

    /// <summary>Every string value in the template, with the resource type it sits under (or "" outside resources) and its JSON path.</summary>
    public static IEnumerable<(string ResourceType, string Path, string Value)> Strings(JsonNode template)
    {
        return Walk(template, "");

        static IEnumerable<(string, string, string)> Walk(JsonNode? node, string resourceType)
        {
            switch (node)
            {
                case JsonObject o:
                    var type = o["type"] is JsonValue v && v.TryGetValue<string>(out var t) && o["apiVersion"] is not null ? t : resourceType;
                    foreach (var (_, child) in o)
                    {
                        foreach (var hit in Walk(child, type))
                        {
                            yield return hit;
                        }
                    }

                    break;
                case JsonArray a:
                    foreach (var child in a)
                    {
                        foreach (var hit in Walk(child, resourceType))
                        {
                            yield return hit;
                        }
                    }

                    break;
                case JsonValue value when value.TryGetValue<string>(out var s):
                    yield return (resourceType, node.GetPath(), s);
                    break;
            }
        }
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode? node)
    {
        if (node is null)
        {
            yield break;
        }

        yield return node;
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a,
            _ => [],
        };
        foreach (var child in children)
        {
            foreach (var d in Descendants(child))
            {
                yield return d;
            }
        }
    }
}
