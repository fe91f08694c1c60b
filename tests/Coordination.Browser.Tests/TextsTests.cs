using System.Text.Json;
using System.Text.RegularExpressions;

namespace Coordination.Browser.Tests;

/// <summary>The pages' words: every key in both languages, and every key a page names written in both.</summary>
public sealed partial class TextsTests
{
    private static readonly string Wwwroot = Path.Combine(FindRepository(), "src", "Coordination.Api", "wwwroot");

    [Fact]
    public void Indonesian_and_English_have_the_same_keys_and_no_empty_text()
    {
        var id = Texts("id");
        var en = Texts("en");
        Assert.Empty(id.Keys.Except(en.Keys));
        Assert.Empty(en.Keys.Except(id.Keys));
        Assert.DoesNotContain(id, pair => string.IsNullOrWhiteSpace(pair.Value));
        Assert.DoesNotContain(en, pair => string.IsNullOrWhiteSpace(pair.Value));
    }

    [Fact]
    public void every_key_a_page_names_is_written_in_both_languages()
    {
        var id = Texts("id");
        var named = Directory.GetFiles(Path.Combine(Wwwroot, "js"), "*.js")
            .SelectMany(file => NamedKey().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value))
            .Distinct().ToList();
        Assert.NotEmpty(named);
        Assert.DoesNotContain(named, key => !id.ContainsKey(key));
    }


    [Theory]
    [MemberData(nameof(IndonesianTerms.Variants), MemberType = typeof(IndonesianTerms))]
    public void Indonesian_texts_use_one_term_for_each_thing(string variant, string term)
    {
        var found = Texts("id").Where(text => Regex.IsMatch(text.Value, variant, RegexOptions.IgnoreCase))
            .Select(text => $"{text.Key}: {text.Value}").ToList();
        Assert.True(found.Count == 0, $"write {term}:{Environment.NewLine}{string.Join(Environment.NewLine, found)}");
    }

    private static Dictionary<string, string> Texts(string language) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(Wwwroot, "i18n", $"{language}.json")))!;

    private static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Coordination.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Coordination.sln");
    }

    [GeneratedRegex(@"\b(?:t|counted)\('([a-zA-Z0-9.-]+)'")]
    private static partial Regex NamedKey();
}
