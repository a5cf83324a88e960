using Pipeline.Core.Alerts;

namespace Pipeline.Core.Tests.Alerts;

public sealed class AlertQueryParserTests
{
    private static AlertTerm W(string word, AlertField field = AlertField.Any) => new(field, word, Exact: false);

    private static AlertTerm P(string phrase, AlertField field = AlertField.Any) => new(field, phrase, Exact: true);

    [Fact]
    public void Parse_WordsSideBySide_AreAllRequired()
    {
        Assert.Equal(new AlertAnd([W("delhi"), W("smog")]), AlertQuery.Parse("Delhi smog").Root);
    }

    [Fact]
    public void Parse_OrBindsTighterThanAnd_AsInGoogle()
    {
        var expected = new AlertAnd([W("a"), new AlertOr([W("b"), W("c")])]);

        Assert.Equal(expected, AlertQuery.Parse("a b OR c").Root);
        Assert.Equal(expected, AlertQuery.Parse("a AND b OR c").Root);
        Assert.Equal(new AlertAnd([new AlertOr([W("a"), W("b")]), W("c")]), AlertQuery.Parse("a OR b c").Root);
    }

    [Fact]
    public void Parse_Parentheses_Group()
    {
        Assert.Equal(new AlertOr([new AlertAnd([W("a"), W("b")]), W("c")]), AlertQuery.Parse("(a b) OR c").Root);
        Assert.Equal(new AlertAnd([W("delhi"), new AlertOr([W("smog"), W("pollution")])]), AlertQuery.Parse("Delhi AND (smog OR pollution)").Root);
    }

    [Fact]
    public void Parse_NestedGroupsOfOneKind_AreFlattened()
    {
        Assert.Equal(new AlertAnd([W("a"), W("b"), W("c")]), AlertQuery.Parse("a (b c)").Root);
        Assert.Equal(new AlertOr([W("a"), W("b"), W("c")]), AlertQuery.Parse("a OR (b OR c)").Root);
    }

    [Fact]
    public void Parse_Exclusions_WordPhraseAndGroup()
    {
        var root = AlertQuery.Parse("india -cricket -\"test match\" -(ipl OR bcci)").Root;

        Assert.Equal(new AlertAnd([W("india"), new AlertNot(W("cricket")), new AlertNot(P("test match")), new AlertNot(new AlertOr([W("ipl"), W("bcci")]))]), root);
    }

    [Fact]
    public void Parse_Fields_ApplyToTheNextWordOrPhrase()
    {
        var root = AlertQuery.Parse("title:Noem keyword:\"El Salvador\" body:prison source:www.Reuters.com").Root;

        Assert.Equal(new AlertAnd([W("noem", AlertField.Title), P("el salvador", AlertField.Keyword), W("prison", AlertField.Body), new AlertSource("www.reuters.com")]), root);
    }

    [Theory]
    [InlineData("source:https://www.reuters.com/world/", "www.reuters.com")]
    [InlineData("SOURCE:BBC.co.uk", "bbc.co.uk")]
    [InlineData("source:\"apnews.com\"", "apnews.com")]
    public void Parse_Source_TakesTheHost(string query, string host) => Assert.Equal(new AlertSource(host), AlertQuery.Parse(query).Root);

    [Fact]
    public void Parse_CaseAccentsAndCompounds_AreFolded()
    {
        Assert.Equal(W("zurich"), AlertQuery.Parse("ZÜRICH").Root);
        Assert.Equal(W("mega prison"), AlertQuery.Parse("mega-prison").Root);
        Assert.Equal(P("terrorism confinement center"), AlertQuery.Parse("“Terrorism Confinement Center”").Root);
    }

    [Fact]
    public void Parse_LowerCaseAndOr_AreWords()
    {
        Assert.Equal(new AlertAnd([W("salt"), W("and"), W("pepper")]), AlertQuery.Parse("salt and pepper").Root);
        Assert.Equal(P("or"), AlertQuery.Parse("\"OR\"").Root);
    }

    [Fact]
    public void Parse_PunctuationAlone_IsIgnored() => Assert.Equal(new AlertAnd([W("a"), W("b")]), AlertQuery.Parse("a & b -").Root);

    [Fact]
    public void Parse_QueriesStoredBeforeOperators_KeepTheirMeaning()
    {
        var expected = new AlertAnd([W("a"), P("b c")]);

        Assert.Equal(expected, AlertQuery.Parse("a AND \"b c\"").Root);
        Assert.Equal(expected, AlertQuery.Parse("a \"b c\"").Root);
        Assert.Equal(new AlertAnd([P("alien enemies act"), W("court")]), AlertQuery.Parse("\"Alien Enemies Act\" AND court").Root);
    }

    [Theory]
    [InlineData("Delhi AND (smog OR pollution", "unbalanced parenthesis", 10)]
    [InlineData("Delhi smog) OR x", "unbalanced parenthesis", 10)]
    [InlineData("Delhi AND smog OR ", "expected a term after OR", 18)]
    [InlineData("Delhi OR AND smog", "expected a term after OR", 9)]
    [InlineData("OR smog", "expected a term before OR", 0)]
    [InlineData("smog AND", "expected a term after AND", 8)]
    [InlineData("foo:bar", "unknown field 'foo:'", 0)]
    [InlineData("smog \"delhi", "unterminated quote", 5)]
    [InlineData("-cricket", "a query needs at least one term to include", 0)]
    [InlineData("-cricket -\"test match\"", "a query needs at least one term to include", 0)]
    [InlineData("india (-cricket)", "a query needs at least one term to include", 7)]
    [InlineData("india OR -cricket", "an exclusion cannot be an OR alternative", 9)]
    [InlineData("-cricket OR india", "an exclusion cannot be an OR alternative", 0)]
    [InlineData("title: smog", "expected a term after title:", 6)]
    [InlineData("india --cricket", "expected a term after -", 7)]
    [InlineData("india ()", "expected a term after (", 7)]
    [InlineData("india \"\"", "expected words inside the quotes", 6)]
    [InlineData("source:not_a_host", "expected a host name after source:", 7)]
    [InlineData("   ", "a query needs at least one term to include", 0)]
    public void Parse_Malformed_NamesTheProblemAndPosition(string query, string problem, int position)
    {
        var error = Assert.Throws<AlertQueryException>(() => AlertQuery.Parse(query));

        Assert.Equal($"{problem} at {position}", error.Message);
        Assert.Equal(position, error.Position);
        Assert.NotEmpty(error.Expected);
        Assert.IsAssignableFrom<FormatException>(error);
    }

    [Theory]
    [InlineData("Delhi AND (smog OR pollution)", "delhi (smog OR pollution)")]
    [InlineData("(a b) OR c", "(a b) OR c")]
    [InlineData("india -cricket -\"Test Match\" -(ipl OR bcci)", "india -cricket -\"test match\" -(ipl OR bcci)")]
    [InlineData("title:\"El Salvador\" keywords:CECOT source:reuters.com", "title:\"el salvador\" keyword:cecot source:reuters.com")]
    [InlineData("mega-prison \"OR\"", "mega-prison \"or\"")]
    public void ToString_Parsed_IsCanonicalAndReparsesEqual(string query, string canonical)
    {
        var parsed = AlertQuery.Parse(query);

        Assert.Equal(canonical, parsed.ToString());
        Assert.Equal(parsed.Root, AlertQuery.Parse(canonical).Root);
    }
}
