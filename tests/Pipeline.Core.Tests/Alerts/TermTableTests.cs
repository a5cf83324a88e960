using Pipeline.Core.Alerts;

namespace Pipeline.Core.Tests.Alerts;

public sealed class TermTableTests
{
    [Fact]
    public void Intern_ManyTerms_GivesDenseIdsThatFindAndNameThem()
    {
        var table = new TermTable();
        var terms = Enumerable.Range(0, 20_000).Select(i => "w" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();

        var ids = terms.Select(t => table.Intern(t, out var added) is var id && added ? id : -1).ToList();

        Assert.Equal(Enumerable.Range(0, terms.Count), ids);
        Assert.All(terms, (t, i) => Assert.Equal(i, table.Find(t)));
        Assert.All(terms, (t, i) => Assert.Equal(t, table[i]));
        Assert.Equal(-1, table.Find("w20000"));
        Assert.Equal(7, table.Intern("w7", out var again));
        Assert.False(again);
        Assert.Equal(terms.Count, table.Count);
    }

    [Fact]
    public void Find_EmptyTermOrEmptyTable_IsMissing()
    {
        var table = new TermTable();

        Assert.Equal(-1, table.Find("anything"));
        Assert.Equal(0, table.Intern(string.Empty, out _));
        Assert.Equal(0, table.Find(string.Empty));
    }
}
