/**
 * What the HTTP front needs to know about media, uploads, profiles and marketing messages
 * (docs/meta-messaging.md): their routes, the node kinds `media` (a media ID) and `upload`
 * (`upload:…` sessions), and the app edges called with a user token.
 */
import type { SandboxContext } from '../context';
import { marketingRoutes } from './marketing';
import { mediaRoutes } from './media';
import { profileRoutes } from './profile';
import type { GraphRoute, NodeKind } from './types';
import { uploadRoutes } from './uploads';

export { USER_TOKEN_APP_EDGES } from './uploads';
export { isMessagingDownload, serveDownload } from '../media/download';

export const messagingRoutes: GraphRoute[] = [...mediaRoutes, ...uploadRoutes, ...profileRoutes, ...marketingRoutes];

/** `media` for a live media ID, `upload` for a known upload session, undefined otherwise. */
export function messagingNodeKind(ctx: SandboxContext, nodeId: string): NodeKind | undefined {
	if (nodeId.startsWith('upload:')) return ctx.state.messaging.uploads.find(nodeId) ? 'upload' : undefined;
	return ctx.state.messaging.media.get(nodeId, ctx.clock.now()) ? 'media' : undefined;
}
