package io.leadline.lead;

import java.time.LocalDate;

/** How many leads a channel brought on one UTC day. */
public record DailyCount(LocalDate day, Channel channel, long count) {}
