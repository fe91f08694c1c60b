using Coordination.Accounts;
using Coordination.Tests.Support;

namespace Coordination.Tests.Accounts;

public class SessionTokensTests
{
    private static readonly Guid Session = Guid.CreateVersion7(), Account = Guid.CreateVersion7();
    private static readonly Guid SignedIn = Guid.CreateVersion7(), First = Guid.CreateVersion7(), Second = Guid.CreateVersion7();
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    private static SessionTokens RotatedOnce() => Given.Fold<SessionTokens>(new RefreshTokenRotated(Session, Account, SignedIn, First, Given.Now));

    private static Rotation Present(SessionTokens? state, Guid token, TimeSpan after) =>
        Rotation.Decide(state, Session, Account, token, Second, Given.Now + after, Grace);

    [Fact]
    public void the_first_refresh_of_a_session_replaces_the_sign_ins_token()
    {
        var rotation = Present(null, SignedIn, TimeSpan.Zero);
        Assert.Equal(Second, rotation.Issue);
        Assert.Equal(new RefreshTokenRotated(Session, Account, SignedIn, Second, Given.Now), rotation.Event);
    }

    [Fact]
    public void the_current_token_is_replaced_by_a_new_one()
    {
        var rotation = Present(RotatedOnce(), First, TimeSpan.FromHours(1));
        Assert.Equal(Second, rotation.Issue);
        Assert.IsType<RefreshTokenRotated>(rotation.Event);
    }

    [Fact]
    public void the_replaced_token_within_the_grace_window_gets_the_current_one_again_and_changes_nothing()
    {
        var rotation = Present(RotatedOnce(), SignedIn, TimeSpan.FromSeconds(30));
        Assert.Equal(First, rotation.Issue);
        Assert.Null(rotation.Event);
    }

    [Fact]
    public void the_replaced_token_after_the_grace_window_ends_the_session()
    {
        var rotation = Present(RotatedOnce(), SignedIn, TimeSpan.FromSeconds(31));
        Assert.Null(rotation.Issue);
        Assert.Equal(new RefreshTokenReused(Session, Account, SignedIn, Given.Now.AddSeconds(31)), rotation.Event);
        Assert.True(Given.Fold<SessionTokens>(new RefreshTokenRotated(Session, Account, SignedIn, First, Given.Now), rotation.Event!).Ended);
    }

    [Fact]
    public void an_ended_session_gets_no_tokens_whichever_is_presented()
    {
        var ended = Given.Fold<SessionTokens>(new RefreshTokenRotated(Session, Account, SignedIn, First, Given.Now),
            new RefreshTokenReused(Session, Account, SignedIn, Given.Now.AddMinutes(5)));
        Assert.Equal(new Rotation(null, null), Present(ended, First, TimeSpan.FromMinutes(6)));
    }
}
