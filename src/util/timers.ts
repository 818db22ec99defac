/**
 * setTimeout fires at once past 2^31 - 1 ms (~24.8 days) instead of waiting: the longest wait a
 * timer can hold, so the longest sleep, deadline guard or timer-sized flag we accept.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;
