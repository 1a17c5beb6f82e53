using Gateway.Api.V1;
using Gateway.Server.Internal;

namespace Gateway.Server.Tests;

public sealed class RequestKindNamesTests
{
    [Theory]
    [InlineData(RequestKind.Permit, "PERMIT")]
    [InlineData(RequestKind.RecordedNotification, "RECORDED_NOTIFICATION")]
    [InlineData(RequestKind.FishingHuntingLicence, "FISHING_HUNTING_LICENCE")]
    [InlineData(RequestKind.Unspecified, "UNSPECIFIED")]
    public void Receipts_name_kinds_as_the_proto_does_without_the_prefix(RequestKind kind, string name) =>
        Assert.Equal(name, RequestKindNames.Of(kind));

    [Fact]
    public void Every_defined_kind_has_the_name_of_its_proto_enum_value()
    {
        foreach (var kind in Enum.GetValues<RequestKind>())
        {
            var protoName = CommonReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.EnumDescriptor>("RequestKind").FindValueByNumber((int)kind).Name;
            Assert.Equal(protoName, "REQUEST_KIND_" + RequestKindNames.Of(kind));
        }
    }

    [Fact]
    public void An_undefined_number_has_no_name() => Assert.Null(RequestKindNames.Of((RequestKind)999));

    [Theory]
    [InlineData(MethodLevel.Initial, "initial")]
    [InlineData(MethodLevel.Standard, "standard")]
    [InlineData(MethodLevel.Unspecified, null)]
    [InlineData((MethodLevel)7, "7")]
    public void Levels_are_lower_case_and_open_ended(MethodLevel level, string? name) => Assert.Equal(name, MethodLevels.Of(level));
}
