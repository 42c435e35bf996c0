using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NasArena.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class finalFinals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "PickedAt",
                table: "Submissions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "FinalPicks",
                table: "Phases",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "FreezesAt",
                table: "Phases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PublicMetric",
                table: "Phases",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "RevealsAt",
                table: "Phases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "SplitBoards",
                table: "Phases",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PickedAt",
                table: "Submissions");

            migrationBuilder.DropColumn(
                name: "FinalPicks",
                table: "Phases");

            migrationBuilder.DropColumn(
                name: "FreezesAt",
                table: "Phases");

            migrationBuilder.DropColumn(
                name: "PublicMetric",
                table: "Phases");

            migrationBuilder.DropColumn(
                name: "RevealsAt",
                table: "Phases");

            migrationBuilder.DropColumn(
                name: "SplitBoards",
                table: "Phases");
        }
    }
}
