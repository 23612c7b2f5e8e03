/**
 * The one way into the domain core from Node (src/, scripts/, bench/, test/, preview/): everything
 * the core exports, through its public module (`c/stageplayCore`), so nothing outside depends on
 * which core file holds what.
 */
export * from '../force-app/main/default/lwc/stageplayCore/stageplayCore';
