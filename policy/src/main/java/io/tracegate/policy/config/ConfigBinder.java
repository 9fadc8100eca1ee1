package io.tracegate.policy.config;

import java.util.List;

/**
 * Turns the YAML tree into a {@link TracegateConfig}, section by section, then runs the checks
 * that span sections. Reading goes on after an error so that one run reports them all; the result
 * is only meant to be used when the context holds no error.
 */
final class ConfigBinder {
    private ConfigBinder() {
    }

    static TracegateConfig bind(YamlNode rootNode, ReadContext context) {
        context.noteLine("", rootNode.line());
        MapReader root = MapReader.of(context, "", rootNode);
        ListenConfig listen = ServerSections.listen(root);
        UpstreamConfig upstream = ServerSections.upstream(root);
        List<IdentityConfig> identities = AccessSections.identities(root);
        List<TableConfig> tables = AccessSections.tables(root);
        DetectorsConfig detectors = DetectionSections.detectors(root);
        MaskingConfig masking = DetectionSections.masking(root, detectors);
        List<RuleSections.BoundRule> rules = RuleSections.rules(root);
        AuditConfig audit = StorageSections.audit(root);
        ApprovalsConfig approvals = StorageSections.approvals(root);
        StateConfig state = StorageSections.state(root);
        RecordingConfig recording = StorageSections.recording(root);
        AdminConfig admin = ServerSections.admin(root);
        root.finish();

        ServerSections.checkPortClash(context, listen, admin);
        RuleChecks.check(context, rules, identities, tables, detectors);
        return new TracegateConfig(listen, upstream, identities, tables, detectors, masking,
                rules.stream().map(RuleSections.BoundRule::rule).toList(), audit, approvals, state, recording, admin);
    }
}
