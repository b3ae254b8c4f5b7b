using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Functional.Core;

namespace Functional.Models;

/// <summary>
/// Layer specs as JSON, through System.Text.Json's polymorphic serialization (the discriminator "kind", over the
/// families <see cref="LayerSpec"/> registers): camelCase properties, activations and initializers by their Keras
/// names, shapes as arrays.
/// </summary>
internal static class SpecJson
{
    private static readonly HashSet<string> Derived = ["kind", "baseName", "parameterNames", "stateNames", "parameterRegularizers"];

    private sealed record Cache(IReadOnlyList<(Type Spec, string Kind)> Kinds, JsonSerializerOptions Options);

    private static Cache? _cache;

    /// <summary>The options every spec is written and read with (made anew when a layer family registers).</summary>
    public static JsonSerializerOptions Options
    {
        get
        {
            var kinds = LayerSpec.Registered;
            var cache = Volatile.Read(ref _cache);
            if (cache is not null && ReferenceEquals(cache.Kinds, kinds)) return cache.Options;
            var options = Make(kinds);
            Volatile.Write(ref _cache, new Cache(kinds, options));
            return options;
        }
    }

    private static JsonSerializerOptions Make(IReadOnlyList<(Type Spec, string Kind)> kinds)
    {
        var resolver = new DefaultJsonTypeInfoResolver();
        resolver.Modifiers.Add(info =>
        {
            if (info.Type == typeof(LayerSpec))
            {
                // Polymorphism by "kind", over the registered families.
                info.PolymorphismOptions = new JsonPolymorphismOptions { TypeDiscriminatorPropertyName = "kind" };
                foreach (var (spec, kind) in kinds) info.PolymorphismOptions.DerivedTypes.Add(new JsonDerivedType(spec, kind));
            }
            // What LayerSpec derives (kind, base name, tensor names) is not configuration: only the spec's own properties are written.
            if (typeof(LayerSpec).IsAssignableFrom(info.Type))
                for (int k = info.Properties.Count - 1; k >= 0; k--)
                    if (Derived.Contains(info.Properties[k].Name)) info.Properties.RemoveAt(k);
        });
        return new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            AllowOutOfOrderMetadataProperties = true,
            RespectNullableAnnotations = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, // an unset option (no regularizer) is not written: older headers stay as they were
            RespectRequiredConstructorParameters = true,
            TypeInfoResolver = resolver,
            Converters =
            {
                new ByName<Activation>(a => a.Name, Activation.Parse),
                new ByName<Initializer>(i => i.Name, Initializer.Parse),
                new ShapeConverter(),
                new JsonStringEnumConverter<Padding>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false), // "valid", "same"
            },
        };
    }

    /// <summary>The spec as a JSON object whose first property is its "kind".</summary>
    public static JsonObject ToNode(LayerSpec spec) => JsonSerializer.SerializeToNode(spec, Options)!.AsObject();

    /// <summary>The spec described by <paramref name="node"/>.</summary>
    /// <exception cref="JsonException">Not a known kind, or a property is missing or of the wrong type.</exception>
    public static LayerSpec FromNode(JsonObject node) =>
        node.Deserialize<LayerSpec>(Options) ?? throw new JsonException("a layer spec is null.");

    /// <summary>A value written as its name and read back by a parser that throws ArgumentException on unknown names.</summary>
    private sealed class ByName<TValue>(Func<TValue, string> name, Func<string, TValue> parse) : JsonConverter<TValue>
    {
        public override TValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.GetString() ?? throw new JsonException($"a {typeof(TValue).Name} name is null.");
            try { return parse(text); }
            catch (ArgumentException e) { throw new JsonException(e.Message, e); }
        }

        public override void Write(Utf8JsonWriter writer, TValue value, JsonSerializerOptions options) => writer.WriteStringValue(name(value));
    }

    private sealed class ShapeConverter : JsonConverter<Shape>
    {
        public override Shape Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var dimensions = JsonSerializer.Deserialize<int[]>(ref reader, options) ?? throw new JsonException("a shape is null.");
            try { return new Shape(dimensions); }
            catch (ArgumentException e) { throw new JsonException(e.Message, e); }
        }

        public override void Write(Utf8JsonWriter writer, Shape value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value.Dimensions, options);
    }
}
