using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using Coordination.Infrastructure.Localization;
using Coordination.Resources;
using Coordination.Tests.Support;

namespace Coordination.Tests.Languages;

/// <summary>Every text exists in both languages, with the same placeholders, and the Indonesian is not the English copied.</summary>
public partial class MessageResourceTests
{
    private static readonly ResourceManager Resources = new(typeof(Messages).FullName!, typeof(Messages).Assembly);

    private static Dictionary<string, string> In(string language)
    {
        var set = Resources.GetResourceSet(language == "en" ? CultureInfo.InvariantCulture : new CultureInfo(language), true, tryParents: false)!;
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);
    }

    [GeneratedRegex(@"\{\d+(:[^}]*)?\}")]
    private static partial Regex Placeholder();

    [Fact]
    public void every_message_key_has_both_languages_with_the_same_placeholders()
    {
        var english = In("en");
        var indonesian = In("id");
        Assert.True(english.Count > 100, $"only {english.Count} English messages");
        Assert.Empty(english.Keys.Except(indonesian.Keys));
        Assert.Empty(indonesian.Keys.Except(english.Keys));
        foreach (var (key, text) in english)
        {
            Assert.False(string.IsNullOrWhiteSpace(text), $"{key} is empty in English");
            Assert.False(string.IsNullOrWhiteSpace(indonesian[key]), $"{key} is empty in Indonesian");
            Assert.Equal(Placeholder().Matches(text).Select(m => m.Value).Order(), Placeholder().Matches(indonesian[key]).Select(m => m.Value).Order());
        }

        var same = english.Where(e => indonesian[e.Key] == e.Value && !e.Key.StartsWith("title-4")).Select(e => e.Key).ToList();
        Assert.True(same.Count <= 2, $"Indonesian equals English for {string.Join(", ", same)}");
    }


    [Theory]
    [MemberData(nameof(IndonesianTerms.Variants), MemberType = typeof(IndonesianTerms))]
    public void indonesian_messages_use_one_term_for_each_thing(string variant, string term)
    {
        var found = In("id").Where(m => Regex.IsMatch(m.Value, variant, RegexOptions.IgnoreCase))
            .Select(m => $"{m.Key}: {m.Value}").ToList();
        Assert.True(found.Count == 0, $"write {term}:{Environment.NewLine}{string.Join(Environment.NewLine, found)}");
    }

    [Fact]
    public void a_message_reads_in_the_current_language_and_indonesian_numbers_group_with_dots()
    {
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("id");
            Assert.Equal("Kejadian “X” sudah ditutup pada 30 November 2026; kejadian ini tidak dapat diubah lagi.",
                new Message("incident-closed", "X", new DateOnly(2026, 11, 30)).ToString());
            // a moment on the province's clock: 17:30 UTC is half past midnight of the next day in WIB
            Assert.Equal("Token sudah kedaluwarsa pada 1 Desember 2026, 00.30 WIB; silakan masuk kembali untuk mendapatkan token baru.",
                new Message("token-expired", new DateTimeOffset(2026, 11, 30, 17, 30, 0, TimeSpan.Zero)).ToString());
            Assert.Equal("seluruh jiwa terdampak: 25% terjangkau (1.250 dari 5.000)",
                new Message("gap-group", new Message("group-total"), "25%", 1250, 5000).ToString());
            // a request is named by what it asks, a team by its name: never by an id
            Assert.Equal("Permintaan 2 konselor kepada Kabupaten Landak (61.08) sudah diterima; permintaan ini tidak dapat dijawab lagi.",
                new Message("request-already-answered", new Message("request-named", 2, new Message("roles-counselor")),
                    new Message("district-kabupaten", "61.08", "Landak"), new Message("request-accepted"), "").ToString());
            Assert.Equal("Peran harus salah satu dari: coordinator, district.",
                new Message("account-role-unknown", new[] { "coordinator", "district" }).ToString());
            CultureInfo.CurrentUICulture = new CultureInfo("en");
            Assert.Equal("all affected people: 25% reached (1,250 of 5,000)",
                new Message("gap-group", new Message("group-total"), "25%", 1250, 5000).ToString());
            Assert.Equal("The token expired at 1 December 2026, 00:30 WIB; sign in again for a new one.",
                new Message("token-expired", new DateTimeOffset(2026, 11, 30, 17, 30, 0, TimeSpan.Zero)).ToString());
            Assert.Equal("Incident “X” was closed on 7 March 2026; it accepts no more changes.",
                new Message("incident-closed", "X", new DateOnly(2026, 3, 7)).ToString());
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
