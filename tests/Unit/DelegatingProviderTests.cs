using System.Reflection;
using Functional.Core.LinearAlgebra;
using MathNet.Numerics.Providers.LinearAlgebra;

namespace Functional.Tests.Unit;

/// <summary>The delegating base of the providers hands every member of MathNet's provider interface to its fallback, unchanged.</summary>
public class DelegatingProviderTests
{
    /// <summary>Records the interface method each call reaches, and its arguments.</summary>
    public class Spy : DispatchProxy
    {
        public List<(MethodInfo Method, object?[]? Arguments)> Calls { get; } = [];

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            Calls.Add((targetMethod!, args));
            return targetMethod!.ReturnType.IsValueType && targetMethod.ReturnType != typeof(void) ? Activator.CreateInstance(targetMethod.ReturnType) : null;
        }
    }

    private sealed class Plain(ILinearAlgebraProvider fallback) : DelegatingLinearAlgebraProvider(fallback);

    [Fact]
    public void Every_interface_member_reaches_the_same_member_of_the_fallback_with_the_same_arguments()
    {
        var fallback = DispatchProxy.Create<ILinearAlgebraProvider, Spy>();
        var spy = (Spy)(object)fallback;
        ILinearAlgebraProvider provider = new Plain(fallback);
        var members = typeof(ILinearAlgebraProvider).GetInterfaces().Append(typeof(ILinearAlgebraProvider))
            .SelectMany(i => i.GetMethods()).ToArray();
        Assert.True(members.Length > 100, $"{members.Length} members");
        foreach (var member in members)
        {
            // Distinct arguments of the right types: a forwarder that swaps or drops one is caught.
            var arguments = member.GetParameters().Select((p, k) => Sample(p.ParameterType, k)).ToArray();
            spy.Calls.Clear();
            member.Invoke(provider, arguments);
            var (reached, given) = Assert.Single(spy.Calls);
            Assert.Equal(member, reached);
            Assert.Equal(arguments, given ?? []);
        }
    }

    private static object? Sample(Type type, int k) =>
        type == typeof(int) ? k + 1
        : type == typeof(float) ? k + 1f
        : type == typeof(double) ? k + 1d
        : type == typeof(System.Numerics.Complex) ? new System.Numerics.Complex(k + 1, 0)
        : type == typeof(MathNet.Numerics.Complex32) ? new MathNet.Numerics.Complex32(k + 1, 0)
        : type == typeof(bool) ? k % 2 == 0
        : type.IsArray ? Array.CreateInstance(type.GetElementType()!, k + 1)
        : type.IsEnum ? Enum.GetValues(type).GetValue(Enum.GetValues(type).Length - 1)
        : type.IsValueType ? Activator.CreateInstance(type)
        : null;
}
