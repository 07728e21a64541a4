// What every Open mHealth / IEEE 1752.1 data point's header gives a reading: the record id that
// its readingId is derived from, and the vendor. header.user_id is the vendor's user, not ours: the
// subject is always the Kafka key.
import type { OmhHeader } from './openmhealth.schema';
import type { Source } from './reading.types';
import { sourceFromName } from './vendor-adapter';

/** header.uuid (IEEE) or header.id (omh 1.x); the adapter checks that one is there. */
export function recordId(header: OmhHeader): string {
  return (header.uuid ?? header.id)!;
}

export function headerSource(header: OmhHeader): Source {
  const refs = (header.external_datasheets ?? []).map((d) => d.datasheet_reference ?? '').join(' ');
  return sourceFromName(header.acquisition_provenance?.source_name) ?? sourceFromName(refs) ?? 'other';
}

/** The major version of the body schema ("2.0" → 2); 1 when the header does not say. */
export function majorVersion(header: OmhHeader): number {
  const major = Number.parseInt(header.schema_id.version ?? '1', 10);
  return Number.isFinite(major) ? major : 1;
}
