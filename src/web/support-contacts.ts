import { z } from 'zod';

/** One of the organisation's own confidential support offers, as the deployment configures it. */
export const supportContactSchema = z.strictObject({
  name: z.string().min(1).max(80),
  kind: z.enum([
    'peer-support',
    'second-victim',
    'employee-assistance',
    'balint-schwartz',
    'crisis',
    'other',
  ]),
  /** How to reach it, in the person's words: a phone number, an address, an intranet page. */
  how: z.string().min(1).max(200),
  /** Optional: a tel:, mailto: or https: link. */
  href: z
    .string()
    .max(300)
    .regex(/^(tel:|mailto:|https:\/\/)\S+$/, 'expected a tel:, mailto: or https: link')
    .optional(),
  hours: z.string().max(80).optional(),
  note: z.string().max(200).optional(),
});
export type SupportContact = z.infer<typeof supportContactSchema>;

const listSchema = z.array(supportContactSchema).max(20);

/** SUPPORT_CONTACTS: a JSON array; a bad entry names its index and field. */
export function parseSupportContacts(text: string, ctx: z.RefinementCtx): SupportContact[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    ctx.addIssue({
      code: 'custom',
      message: 'expected a JSON array of {name, kind, how, href?, hours?, note?}',
    });
    return z.NEVER;
  }
  const r = listSchema.safeParse(raw);
  if (r.success) return r.data;
  for (const i of r.error.issues)
    ctx.addIssue({ code: 'custom', message: `[${i.path.join('.')}] ${i.message}` });
  return z.NEVER;
}
