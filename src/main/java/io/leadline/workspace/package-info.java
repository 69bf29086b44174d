/**
 * Tenancy: workspaces with their plan limit, the users in them, and the projects whose publishable
 * keys websites and WhatsApp use. Nothing crosses from one workspace to another.
 */
package io.leadline.workspace;
