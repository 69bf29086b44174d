/**
 * The WhatsApp Business webhook Meta calls ({@code /api/whatsapp/webhook}): verification, signed
 * notifications whose messages become or join leads exactly once, statuses, and messages held over
 * the plan limit ({@code /api/v1/whatsapp/held}).
 */
package io.leadline.whatsapp;
