using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NasArena.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class TeamsOrganizerTeamAndCreators : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "CanCreateCompetitions",
                table: "Users",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "IsOrganizers",
                table: "Teams",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            // The organizers' team was found by its name until now: the one a team of that name nobody registered in.
            migrationBuilder.Sql(@"UPDATE ""Teams"" SET ""IsOrganizers"" = 1 WHERE ""Name"" = 'Organizers'
                AND NOT EXISTS (SELECT 1 FROM ""Registrations"" r WHERE r.""TeamId"" = ""Teams"".""Id"");");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CanCreateCompetitions",
                table: "Users");

            migrationBuilder.DropColumn(
                name: "IsOrganizers",
                table: "Teams");
        }
    }
}
