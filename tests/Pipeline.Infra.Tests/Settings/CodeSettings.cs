using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Azure.Functions.Worker;
using Pipeline.Core.Storage;

namespace Pipeline.Infra.Tests.Settings;

/// <summary>Why the code reads a setting.</summary>
internal enum SettingSource
{
    /// <summary>A property of an options class bound from the configuration root (<see cref="StorageOptions"/>, <c>DigestOptions</c>).</summary>
    RootOptions,

    /// <summary>A property of an options class bound from its <c>Section</c>, as <c>Section__Property</c>.</summary>
    SectionOptions,

    /// <summary>A <c>%Name%</c> binding expression in a trigger attribute of the Functions app.</summary>
    BindingExpression,

    /// <summary>An identity-based storage connection (<c>Name__accountName</c>, <c>__credential</c>, <c>__clientId</c>).</summary>
    Connection,
}

/// <summary>One app setting the code reads, in app-setting form (<c>__</c> for <c>:</c>).</summary>
internal sealed record CodeSetting(string Name, SettingSource Source, string ReadBy);

/// <summary>
/// Every app setting the code reads, derived from the code itself: <see cref="StorageOptions"/> (bound from the
/// configuration root), every Core options class with a <c>Section</c> constant (bound from that section, nested
/// classes included), and the binding expressions and connections in the Functions app's trigger attributes.
/// </summary>
internal static partial class CodeSettings
{
    public static Assembly CoreAssembly => typeof(StorageOptions).Assembly;

    public static Assembly FunctionsAssembly => typeof(Pipeline.Functions.ParseArticle).Assembly;

    /// <summary>The options classes bound from the configuration root, because trigger attributes resolve their keys there.</summary>
    private static Type[] RootOptions => [typeof(StorageOptions), typeof(Pipeline.Core.Digests.DigestOptions)];

    public static IReadOnlyList<CodeSetting> Read()
    {
        var settings = new List<CodeSetting>();

        // Bindings and connections first: when a name is read both ways, the stricter source is the one kept.
        foreach (var (function, attribute) in TriggerAttributes())
        {
            var strings = attribute.ConstructorArguments.Select(a => a.Value)
                .Concat(attribute.NamedArguments.Select(a => a.TypedValue.Value))
                .OfType<string>();
            foreach (var expression in strings.SelectMany(s => BindingExpression().Matches(s)))
            {
                settings.Add(new(expression.Groups[1].Value, SettingSource.BindingExpression, $"{function} [{attribute.AttributeType.Name}]"));
            }

            var connection = attribute.NamedArguments.FirstOrDefault(a => a.MemberName == "Connection").TypedValue.Value as string;
            settings.AddRange(ConnectionSettings(connection ?? StorageOptions.ConnectionName, $"{function} [{attribute.AttributeType.Name}]"));
        }

        // The host itself keeps its leases, keys and blob receipts in the AzureWebJobsStorage connection.
        settings.AddRange(ConnectionSettings(StorageOptions.ConnectionName, "the Functions host"));

        foreach (var type in RootOptions)
        {
            settings.AddRange(Leaves(type, prefix: null).Select(name => new CodeSetting(name, SettingSource.RootOptions, type.Name)));
        }

        foreach (var type in CoreAssembly.GetExportedTypes().Where(t => t.Name.EndsWith("Options", StringComparison.Ordinal)))
        {
            if (type.GetField("Section", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field && field.GetRawConstantValue() is string section)
            {
                settings.AddRange(Leaves(type, section).Select(name => new CodeSetting(name, SettingSource.SectionOptions, type.Name)));
            }
        }

        return settings.DistinctBy(s => s.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>The settings of an identity-based connection with a user-assigned identity (no connection string, no key).</summary>
    public static IEnumerable<CodeSetting> ConnectionSettings(string connection, string readBy) =>
        new[] { "accountName", "credential", "clientId" }.Select(p => new CodeSetting($"{connection}__{p}", SettingSource.Connection, readBy));

    private static IEnumerable<(string Function, CustomAttributeData Attribute)> TriggerAttributes() =>
        from type in FunctionsAssembly.GetTypes()
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
        let function = method.GetCustomAttribute<FunctionAttribute>()
        where function is not null
        from parameter in method.GetParameters()
        from attribute in parameter.GetCustomAttributesData()
        where attribute.AttributeType.Name.EndsWith("TriggerAttribute", StringComparison.Ordinal)
            || attribute.AttributeType.Name.EndsWith("InputAttribute", StringComparison.Ordinal)
            || attribute.AttributeType.Name.EndsWith("OutputAttribute", StringComparison.Ordinal)
        select (function.Name, attribute);

    /// <summary>The configuration keys a binder fills from <paramref name="type"/>, as app-setting names.</summary>
    private static IEnumerable<string> Leaves(Type type, string? prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetSetMethod() is not null))
        {
            var name = prefix is null ? property.Name : $"{prefix}__{property.Name}";
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (IsScalar(propertyType))
            {
                yield return name;
            }
            else
            {
                foreach (var nested in Leaves(propertyType, name))
                {
                    yield return nested;
                }
            }
        }
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan)
        || type == typeof(DateTimeOffset) || type == typeof(Uri) || type == typeof(Guid)
        || typeof(System.Collections.IEnumerable).IsAssignableFrom(type);

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex BindingExpression();
}
