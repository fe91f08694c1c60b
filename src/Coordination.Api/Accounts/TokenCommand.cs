using Coordination.Districts;
using JasperFx.CommandLine;

namespace Coordination.Accounts;

public class TokenInput : NetCoreInput
{
    [Description("coordinator, district, analyst or admin")]
    public string RoleFlag { get; set; } = Roles.Coordinator;

    [Description("Kemendagri district code for a district officer, e.g. 61.05")]
    public string? DistrictFlag { get; set; }

    [Description("the user's subject (sub claim); by default one per role and district, e.g. dev-district-61.05")]
    public string? SubFlag { get; set; }

    [Description("hours until the token expires")]
    public int HoursFlag { get; set; } = 12;
}

[Description("Prints a Development bearer token signed with Auth:SigningKey", Name = "token")]
public class TokenCommand : JasperFxCommand<TokenInput>
{
    public override bool Execute(TokenInput input)
    {
        if (!Roles.All.Contains(input.RoleFlag))
        {
            Console.Error.WriteLine(new Message("cli-token-role", Roles.All).ToString());
            return false;
        }

        if (input.RoleFlag == Roles.District && string.IsNullOrWhiteSpace(input.DistrictFlag))
        {
            Console.Error.WriteLine(Texts.Format("cli-token-district"));
            return false;
        }

        if (input.RoleFlag == Roles.District && !KalimantanBarat.Exists(input.DistrictFlag))
        {
            Console.Error.WriteLine(new Message("cli-token-district-unknown", input.DistrictFlag,
                string.Join(", ", KalimantanBarat.Districts.Select(d => $"{d.Code} {d.Name}"))).ToString());
            return false;
        }

        using var host = input.BuildHost();
        var configuration = host.Services.GetRequiredService<IConfiguration>();
        var options = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        Console.WriteLine(DevelopmentTokens.Mint(options,
            string.IsNullOrWhiteSpace(input.SubFlag) ? DevelopmentTokens.SubjectFor(input.RoleFlag, input.DistrictFlag) : input.SubFlag, input.RoleFlag, input.DistrictFlag,
            TimeSpan.FromHours(input.HoursFlag)));
        return true;
    }
}
