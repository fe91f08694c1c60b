using Coordination.Districts;

namespace Coordination.Personnel;

public static class Skills
{
    public static readonly string[] Known =
        ["psychological-first-aid", "trauma-counseling", "child-friendly-space", "group-support", "referral"];

    public const int MaxCount = 20;

    /// <summary>The longest skill, in characters.</summary>
    public const int MaxLength = 60;

    public static Validation SkillList(this Validation v, IReadOnlyList<string?>? skills, string field = "skills")
    {
        if (skills is null) return v;
        if (skills.Count > MaxCount) return v.Add(field, "skills-too-many", field, MaxCount);
        for (var i = 0; i < skills.Count; i++) v.Text(skills[i], $"{field}[{i}]", MaxLength);
        return v;
    }

    /// <summary>A skill as people read it: a known one in words of the reader's language, free text as it was written.</summary>
    public static object Named(string skill) => Known.Contains(skill) ? new Message($"skill-{skill}") : skill;

    /// <summary>Known skills are matched case-insensitively and stored in their kebab-case form; free text is kept trimmed.</summary>
    public static IReadOnlyList<string> Normalize(IReadOnlyList<string?>? skills) =>
        (skills ?? []).Select(s => s!.Trim())
        .Select(s => Known.FirstOrDefault(k => string.Equals(k, s, StringComparison.OrdinalIgnoreCase)) ?? s)
        .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
}

public static class DistrictScope
{
    /// <summary>A command on a district route: 404 for an unknown code, 403 unless the caller acts for that district, then the shape and the decision.</summary>
    public static Decision Checked(string code, ClaimsPrincipal user, Validation shape, Func<Decision> decide) =>
        !KalimantanBarat.Exists(code) ? Decision.NotFound(new Message("unknown-district", code))
        : Decision.Checked(user.ActsForDistrict(code) ? null : new Message("roster-other-district", KalimantanBarat.Named(code), user.ActsFor()), shape, decide);

    public static Message? ForbiddenFor(ClaimsPrincipal user, string district) =>
        user.ActsForDistrict(district) ? null : new Message("belongs-other-district", KalimantanBarat.Named(district), user.ActsFor());

    /// <summary>A personnel role in words (konselor, relawan TAGANA, pekerja sosial).</summary>
    public static Message Named(this PersonnelRole role) => new(role.CountedKey(1));

    /// <summary>The resource key of a role's name after a count: the plural unless the count is one (English inflects; Indonesian does not).</summary>
    public static string CountedKey(this PersonnelRole role, int? count) => $"{(count == 1 ? "role" : "roles")}-{Infrastructure.Json.Kebab.Name(role)}";
}
