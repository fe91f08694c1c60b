using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Coordination.Infrastructure.Localization;

public sealed class LanguageOptions
{
    public const string Section = "Localization";

    /// <summary>The language of answers to a request without Accept-Language (or naming none of ours): id or en.</summary>
    public string Default { get; set; } = "id";
}

public static class LocalizationSetup
{
    /// <summary>
    /// The request's language from Accept-Language, else Localization:Default. The service runs with invariant
    /// globalization, where cultures carry no data and no parent (id-ID does not fall back to id), so a tag is matched by
    /// its language subtag: id-ID and id are Indonesian, en-GB and en English.
    /// </summary>
    public static IServiceCollection AddCoordinationLocalization(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(LanguageOptions.Section).Get<LanguageOptions>() ?? new LanguageOptions();
        var fallback = Texts.Languages.Contains(options.Default) ? options.Default : "id";
        services.AddLocalization();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = Texts.Languages.Select(l => new CultureInfo(l)).ToList();
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.DefaultRequestCulture = new RequestCulture(fallback);
            o.ApplyCurrentCultureToResponseHeaders = true;
            o.RequestCultureProviders = [new CustomRequestCultureProvider(http => Task.FromResult(FromAcceptLanguage(http)))];
        });
        return services;
    }

    /// <summary>The language of what no request asks for, a command's output: Localization:Default, as for a request without Accept-Language.</summary>
    public static CultureInfo DefaultLanguage(this IServiceProvider services) =>
        services.GetRequiredService<IOptions<RequestLocalizationOptions>>().Value.DefaultRequestCulture.UICulture;

    public static ProviderCultureResult? FromAcceptLanguage(HttpContext http)
    {
        if (!StringWithQualityHeaderValue.TryParseList(http.Request.Headers.AcceptLanguage, out var tags)) return null;
        var language = tags.Where(t => t.Quality is not 0)
            .OrderByDescending(t => t.Quality ?? 1)
            .Select(t => t.Value.Value?.Split('-')[0].ToLowerInvariant())
            .FirstOrDefault(l => l is not null && Texts.Languages.Contains(l));
        return language is null ? null : new ProviderCultureResult(language);
    }
}
