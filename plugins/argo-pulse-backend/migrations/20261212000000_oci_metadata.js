// @ts-check
// Released migrations are never edited: add a new file instead.
//
// OCI sources (Argo CD 3.1+) deploy a release bundle from a registry; Argo CD
// records its manifest digest as the revision. What the artifact's
// annotations say of a digest (Argo CD's OCIMetadata) is kept beside commit
// metadata, once per (instance, application, digest): authors in `author`,
// createdAt in `committed_at`, description in `message`, and here the tag and
// the git repository it was built from.

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('argo_pulse_commits', table => {
    table
      .text('oci_version')
      .nullable()
      .comment('For an OCI digest: the version (tag) its annotations name');
    table
      .text('oci_source_url')
      .nullable()
      .comment('For an OCI digest: the source repository its annotations name');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('argo_pulse_commits', table => {
    table.dropColumn('oci_version');
    table.dropColumn('oci_source_url');
  });
};
