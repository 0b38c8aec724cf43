/** A stored version of an organisation's standard, as the API lists it (server and web share this shape). */
export interface VersionSummary {
  id: string;
  version: number;
  name: string;
  packId: string;
  packVersion: string;
  note: string | null;
  checksum: string;
  createdAt: string;
  createdBy: string | null;
  active: boolean;
}
