using Coordination.Infrastructure.Json;

namespace Coordination.Infrastructure.Http;

/// <summary>
/// A query parameter read as text (so that a wrong value is a 400 that lists the right ones) whose values are those of an
/// enum: the OpenAPI document lists them, as it does for the same enum in a body.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class QueryValuesAttribute(string parameter, Type values) : Attribute
{
    public string Parameter { get; } = parameter;
    public IReadOnlyList<string> Values { get; } = Kebab.NamesOf(values);
}

/// <summary>Each text of a list holds to this: not blank, at most this many characters (as the command's check holds it).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class EachTextAttribute(int maxLength) : Attribute
{
    public int MaxLength { get; } = maxLength;
}
