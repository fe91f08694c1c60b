using Coordination.Districts;

namespace Coordination.Personnel;

public static class Skills
{
    public static readonly string[] Known =
        ["psychological-first-aid", "trauma-counseling", "child-friendly-space", "group-support", "referral"];

    public static Validation SkillList(this Validation v, IReadOnlyList<string?>? skills, string field = "skills")
    {
        if (skills is null) return v;
        if (skills.Count > 20) return v.Add(field, "skills-too-many", field, 20);
        for (var i = 0; i < skills.Count; i++) v.Text(skills[i], $"{field}[{i}]", 60);
        return v;
    }

    /// <summary>Known skills are matched case-insensitively and stored in their kebab-case form; free text is kept trimmed.</summary>
    public static IReadOnlyList<string> Normalize(IReadOnlyList<string?>? skills) =>
        (skills ?? []).Select(s => s!.Trim())
        .Select(s => Known.FirstOrDefault(k => string.Equals(k, s, StringComparison.OrdinalIgnoreCase)) ?? s)
        .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
}

public static class DistrictScope
{
    /// <summary>A district route: 404 for an unknown code, 403 unless the caller is that district's officer or an admin.</summary>
    public static ProblemDetails OwnDistrict(string code, ClaimsPrincipal user)
    {
        if (!KalimantanBarat.Exists(code)) return Problems.UnknownDistrict(code);
        return user.ActsForDistrict(code)
            ? Problems.None
            : Problems.Forbidden(new Message("roster-other-district", KalimantanBarat.Named(code), user.ActsFor()));
    }

    public static Message? ForbiddenFor(ClaimsPrincipal user, string district) =>
        user.ActsForDistrict(district) ? null : new Message("belongs-other-district", KalimantanBarat.Named(district), user.ActsFor());

    /// <summary>A personnel role in words (konselor, TAGANA, pekerja sosial).</summary>
    public static Message Named(this PersonnelRole role) => new($"role-{Infrastructure.Json.Kebab.Name(role)}");
}
