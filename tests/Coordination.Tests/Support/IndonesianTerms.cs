namespace Coordination.Tests.Support;

/// <summary>
/// The field's own words, one for each thing, in the API's texts (MessageResourceTests) and the desk's (TextsTests) alike:
/// a variant on the left is written as the term on the right.
/// </summary>
public static class IndonesianTerms
{
    public static readonly TheoryData<string, string> Variants = new()
    {
        { @"\bwarga (terdampak|yang baru)", "jiwa terdampak, jiwa yang baru terjangkau (people counted)" },
        { @"\banak-anak\b", "anak" },
        { @"\bstatus darurat\b", "status keadaan darurat" },
        { @"\bketerampilan\b", "keahlian" },
        { @"\blatihan\b", "simulasi (a TAGANA drill; pelatihan is a training)" },
        { @"\bdibutuhkan sebelum\b", "dibutuhkan paling lambat" },
        { @"\bbasis data kejadian\b", "basis data (kejadian is an incident)" },
        { @"\bpermintaan (yang masih )?terbuka\b", "menunggu jawaban (a request not answered yet)" },
        { @"\bdan TAGANA\b", "relawan TAGANA" },
        { @"\btahap\b", "fase" },
        { @"(?-i:(?<![{\w.])[Ii]d(?![}\w]))", "ID" },
        { @"\bstatus (kejadian|sekarang|berikutnya|berubah)\b|\bubah status\b", "fase (an incident's phase; status is a request's or a team's)" },
        { @"\bditugaskan\b", "bertugas" },
        { @"\bmeja\b", "dasbor" },
        { @"\bsetel ulang\b", "atur ulang" },
    };
}
