package io.pharos.nf;

import nextflow.plugin.BasePlugin;
import org.pf4j.PluginWrapper;

/** The nf-pharos plugin: its only extension is {@link PharosFactory}. */
public class PharosPlugin extends BasePlugin {
    public PharosPlugin(PluginWrapper wrapper) {
        super(wrapper);
    }
}
