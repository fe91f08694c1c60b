namespace Coordination.Resources;

/// <summary>The texts people read: Messages.resx (English, the neutral language) and Messages.id.resx (Bahasa Indonesia).</summary>
public sealed class Messages;
