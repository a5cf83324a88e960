namespace Pipeline.Core.Alerts;

/// <summary>
/// A query made ready to evaluate once, whatever the index: words are split and stemmed, and each AND lists its
/// included and excluded children apart. <see cref="AlertQuery"/> keeps one, so many indexes reuse it.
/// </summary>
internal abstract class AlertPlan
{
    public static AlertPlan Of(AlertQueryNode node) => node switch
    {
        AlertTerm term => new TermPlan(term.Field, term.Exact, [.. term.Words.Select(w => term.Exact ? w : AlertText.Stem(w))]),
        AlertSource source => new SourcePlan(source.Host),
        AlertOr or => new OrPlan([.. or.Children.Select(Of)]),
        AlertAnd and => new AndPlan(
            [.. and.Children.Where(c => c is not AlertNot).Select(Of)],
            [.. and.Children.OfType<AlertNot>().Select(n => Of(n.Excluded))]),
        _ => throw new ArgumentException($"A {node.GetType().Name} cannot be matched on its own; the parser only puts exclusions inside an AND.", nameof(node)),
    };
}

/// <param name="keys">The folded words (exact) or their stems, in order.</param>
internal sealed class TermPlan(AlertField field, bool exact, string[] keys) : AlertPlan
{
    public AlertField Field { get; } = field;

    public bool Exact { get; } = exact;

    public string[] Keys { get; } = keys;
}

internal sealed class SourcePlan(string host) : AlertPlan
{
    public string Host { get; } = host;
}

internal sealed class OrPlan(AlertPlan[] alternatives) : AlertPlan
{
    public AlertPlan[] Alternatives { get; } = alternatives;
}

internal sealed class AndPlan(AlertPlan[] included, AlertPlan[] excluded) : AlertPlan
{
    public AlertPlan[] Included { get; } = included;

    public AlertPlan[] Excluded { get; } = excluded;
}
