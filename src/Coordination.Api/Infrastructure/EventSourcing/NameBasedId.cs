using System.Security.Cryptography;

namespace Coordination.Infrastructure.EventSourcing;

/// <summary>
/// Ids made from a name (RFC 9562 version 8: the first 16 bytes of the name's SHA-256): the same name gives the same id on
/// every node and every retry, so that what is written under it twice is written once.
/// </summary>
public static class NameBasedId
{
    public static Guid Of(string name)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8: a name-based id of our own
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(bytes, bigEndian: true);
    }
}
