using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NasArena.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class OrgEditorDraftsAndAssetValidation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Validation",
                table: "PhaseAssets",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "Valid");

            migrationBuilder.AddColumn<string>(
                name: "ValidationMessage",
                table: "PhaseAssets",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "PublishedAt",
                table: "Competitions",
                type: "timestamp with time zone",
                nullable: true);

            // Competitions made before drafts existed were public from their creation: they stay published.
            migrationBuilder.Sql("UPDATE \"Competitions\" SET \"PublishedAt\" = \"CreatedAt\";");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Validation",
                table: "PhaseAssets");

            migrationBuilder.DropColumn(
                name: "ValidationMessage",
                table: "PhaseAssets");

            migrationBuilder.DropColumn(
                name: "PublishedAt",
                table: "Competitions");
        }
    }
}
