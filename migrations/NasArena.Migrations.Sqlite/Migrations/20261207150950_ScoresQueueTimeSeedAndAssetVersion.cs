using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NasArena.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ScoresQueueTimeSeedAndAssetVersion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "WaitingSince",
                table: "Submissions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "WaitingSince",
                table: "Shards",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PrivateSplitSeed",
                table: "Phases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "PhaseAssets",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "WaitingSince",
                table: "Submissions");

            migrationBuilder.DropColumn(
                name: "WaitingSince",
                table: "Shards");

            migrationBuilder.DropColumn(
                name: "PrivateSplitSeed",
                table: "Phases");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "PhaseAssets");
        }
    }
}
