// Events the explorer emits on its Cytoscape core for what Cytoscape's own events cannot tell apart.

/**
 * The view was moved on the user's command (Fit, find in view), not by the page fitting itself to a
 * change of the canvas: what listens for the user's own pans and zooms (dragpan, scrollzoom,
 * pinchzoom) should listen for this too.
 */
export const VIEW_COMMAND = 'liaison:viewcommand';
