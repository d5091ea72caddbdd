"""aspbot core: conversation engine, forms, rules, i18n and settings, free of any chat platform."""
