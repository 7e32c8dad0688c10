/** Gmail clips messages whose HTML exceeds about 102 KB; counted conservatively in decimal kilobytes. */
export const GMAIL_CLIP_BYTES = 102_000;
