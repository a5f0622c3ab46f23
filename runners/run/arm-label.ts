/** How progress lines and messages name an arm: nothing for the main comparison. */
export const ARM_LABEL = { main: "", aa: " (A/A)", warmup: " (warm-up)" } as const;
