using Coordination.Infrastructure.Http;
using Npgsql;

namespace Coordination.Tests.Infrastructure;

public class ExceptionProblemsTests
{
    private static PostgresException Postgres(string sqlState) => new("failed", "ERROR", "ERROR", sqlState);

    [Theory]
    [InlineData(PostgresErrorCodes.UniqueViolation, 409)]
    [InlineData(PostgresErrorCodes.DeadlockDetected, 409)]
    [InlineData(PostgresErrorCodes.SerializationFailure, 409)]
    [InlineData(PostgresErrorCodes.CharacterNotInRepertoire, 400)]
    [InlineData(PostgresErrorCodes.UntranslatableCharacter, 400)]
    public void a_write_that_lost_a_race_is_a_conflict_and_a_nul_postgres_refuses_is_bad_input_however_deeply_wrapped(string sqlState, int status)
    {
        Assert.Equal(status, ExceptionProblems.Map(Postgres(sqlState))!.Status);
        Assert.Equal(status, ExceptionProblems.Map(new InvalidOperationException("wrapped", new AggregateException(Postgres(sqlState))))!.Status);
    }

    [Fact]
    public void an_unreachable_database_is_a_503_and_a_bug_stays_a_500()
    {
        Assert.Equal(503, ExceptionProblems.Map(new NpgsqlException("down", new System.Net.Sockets.SocketException()))!.Status);
        Assert.Null(ExceptionProblems.Map(Postgres(PostgresErrorCodes.UndefinedColumn)));
        Assert.Null(ExceptionProblems.Map(new NullReferenceException()));
    }
}
