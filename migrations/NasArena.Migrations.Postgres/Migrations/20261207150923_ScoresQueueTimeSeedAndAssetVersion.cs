using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NasArena.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ScoresQueueTimeSeedAndAssetVersion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "WaitingSince",
                table: "Submissions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "WaitingSince",
                table: "Shards",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PrivateSplitSeed",
                table: "Phases",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "PhaseAssets",
                type: "integer",
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
