// RFC 9562 version-5 (SHA-1, name-based) UUIDs: the same vendor record always gets the same
// readingId, so a re-delivered or re-exported record deduplicates downstream.
import { createHash } from 'node:crypto';

/** Namespace of all readingIds Respite derives from vendor record ids (fixed forever). */
export const VENDOR_RECORD_NAMESPACE = '69b589f0-c68f-45c9-9d7c-f1dcc557f1ea';

export function uuidV5(namespace: string, name: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  if (ns.length !== 16) throw new Error('namespace must be a UUID');
  const bytes = createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** readingId for a vendor record: one namespace, the vendor name keeps id spaces apart. */
export function vendorReadingId(vendor: string, recordId: string): string {
  return uuidV5(VENDOR_RECORD_NAMESPACE, `${vendor}:${recordId}`);
}
