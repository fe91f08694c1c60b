using Coordination.Infrastructure.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Coordination.Tests.Operations;

/// <summary>README (Metrics and traces): the standard OTEL_* variables apply to what is exported, the service's name included.</summary>
public class TelemetryResourceTests
{
    [Fact]
    public void the_service_is_named_coordination_unless_otel_service_name_or_resource_attributes_name_it()
    {
        Assert.Equal("coordination", ServiceName(new()));
        Assert.Equal("coordination-pontianak", ServiceName(new() { ["OTEL_SERVICE_NAME"] = "coordination-pontianak" }));
        Assert.Equal("coordination-sintang", ServiceName(new() { ["OTEL_RESOURCE_ATTRIBUTES"] = "service.name=coordination-sintang,deployment.environment.name=produksi" }));
    }

    [Fact]
    public void resource_attributes_from_the_environment_travel_beside_the_service_name()
    {
        var resource = Resource(new() { ["OTEL_RESOURCE_ATTRIBUTES"] = "deployment.environment.name=produksi" });
        Assert.Equal("produksi", resource["deployment.environment.name"]);
        Assert.Equal("coordination", resource["service.name"]);
    }

    private static string? ServiceName(Dictionary<string, string?> settings) => Resource(settings)["service.name"] as string;

    private static Dictionary<string, object> Resource(Dictionary<string, string?> settings)
    {
        settings["Telemetry:Traces"] = "true";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        services.AddCoordinationTelemetry(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<TracerProvider>().GetResource().Attributes.ToDictionary(a => a.Key, a => a.Value);
    }
}
