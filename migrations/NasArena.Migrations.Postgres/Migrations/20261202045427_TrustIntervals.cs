using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NasArena.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class TrustIntervals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "BootstrapMetric",
                table: "Scores",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "BootstrapResamples",
                table: "Scores",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<double>(
                name: "PrivateHigh",
                table: "Scores",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "PrivateItems",
                table: "Scores",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<double>(
                name: "PrivateLow",
                table: "Scores",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "PublicHigh",
                table: "Scores",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "PublicItems",
                table: "Scores",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<double>(
                name: "PublicLow",
                table: "Scores",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "ShowUncertainty",
                table: "Phases",
                type: "boolean",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<double>(
                name: "TieLevel",
                table: "Phases",
                type: "double precision",
                nullable: false,
                defaultValue: 0.95);

            migrationBuilder.CreateTable(
                name: "ScoreReplicates",
                columns: table => new
                {
                    SubmissionId = table.Column<Guid>(type: "uuid", nullable: false),
                    Public = table.Column<byte[]>(type: "bytea", nullable: true),
                    Private = table.Column<byte[]>(type: "bytea", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScoreReplicates", x => x.SubmissionId);
                    table.ForeignKey(
                        name: "FK_ScoreReplicates_Submissions_SubmissionId",
                        column: x => x.SubmissionId,
                        principalTable: "Submissions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ScoreReplicates");

            migrationBuilder.DropColumn(
                name: "BootstrapMetric",
                table: "Scores");

            migrationBuilder.DropColumn(
                name: "BootstrapResamples",
                table: "Scores");

            migrationBuilder.DropColumn(
                name: "PrivateHigh",
                table: "Scores");

            migrationBuilder.DropColumn(
                name: "PrivateItems",
                table: "Scores");

            migrationBuilder.DropColumn(
                name: "PrivateLow",
                table: "Scores");

            migrationBuilder.DropColumn(
                name: "PublicHigh",
                table: "Scores");

            migrationBuilder.DropColumn(
                name: "PublicItems",
                table: "Scores");

            migrationBuilder.DropColumn(
                name: "PublicLow",
                table: "Scores");

            migrationBuilder.DropColumn(
                name: "ShowUncertainty",
                table: "Phases");

            migrationBuilder.DropColumn(
                name: "TieLevel",
                table: "Phases");
        }
    }
}
