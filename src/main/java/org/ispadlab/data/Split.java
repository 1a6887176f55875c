package org.ispadlab.data;

/** The splits of Table 7, named as in the manifest. */
public enum Split {
    TRAIN_UNSUPERVISED_GOOD("train_unsupervised_good", null),
    TRAIN_SUPERVISED_GOOD("train_supervised_good", null),
    TRAIN_SUPERVISED_SYNTHETIC("train_supervised_synthetic", null),
    TRAIN_REAL_AREA("train_real_area", DefectGroup.AREA),
    TRAIN_REAL_POINTS("train_real_points", DefectGroup.POINTS),
    TEST_GOOD("test_good", null),
    TEST_AREA("test_area", DefectGroup.AREA),
    TEST_POINTS("test_points", DefectGroup.POINTS),
    EXTRA_UNAUGMENTED_GOOD("extra_unaugmented_good", null);

    private final String key;
    private final DefectGroup group;

    Split(String key, DefectGroup group) {
        this.key = key;
        this.group = group;
    }

    /** The manifest's and Table 7's column name. */
    public String key() {
        return key;
    }

    /** The defect group of a defective split; null for fault-free ones. */
    public DefectGroup group() {
        return group;
    }

    /** The split a manifest key names, with the keys listed when none does. */
    public static Split ofKey(String key) {
        for (Split s : values()) {
            if (s.key.equals(key)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no split '" + key + "'; the splits are "
                + java.util.Arrays.stream(values()).map(Split::key).toList());
    }

    public static Split test(DefectGroup group) {
        return group == DefectGroup.AREA ? TEST_AREA : TEST_POINTS;
    }

    public static Split realTraining(DefectGroup group) {
        return group == DefectGroup.AREA ? TRAIN_REAL_AREA : TRAIN_REAL_POINTS;
    }
}
