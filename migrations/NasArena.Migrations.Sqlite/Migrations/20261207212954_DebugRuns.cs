using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NasArena.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DebugRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "IsDebug",
                table: "Submissions",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "DebugDailyLimit",
                table: "Phases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "DebugTimeLimitSeconds",
                table: "Phases",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "IsDebug",
                table: "PhaseAssets",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "IsDebug",
                table: "Submissions");

            migrationBuilder.DropColumn(
                name: "DebugDailyLimit",
                table: "Phases");

            migrationBuilder.DropColumn(
                name: "DebugTimeLimitSeconds",
                table: "Phases");

            migrationBuilder.DropColumn(
                name: "IsDebug",
                table: "PhaseAssets");
        }
    }
}
