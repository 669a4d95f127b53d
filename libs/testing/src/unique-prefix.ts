import { randomUUID } from 'node:crypto';

/** A QUEUE_PREFIX no other test uses, so tests never see each other's jobs. */
export const uniquePrefix = (label: string) => `test-${label}-${randomUUID().slice(0, 8)}`;
