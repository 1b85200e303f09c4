package server

import (
	"reflect"
	"strings"
	"testing"
)

// The fields of ZeroMeansDefault take zero as "the default": Validate
// accepts it and New fills in DefaultConfig's value, so server.Config{}
// is a valid Config.
func TestZeroMeansDefaultFieldsAcceptZeroAsTheDefault(t *testing.T) {
	t.Parallel()
	if err := (Config{}).Validate(); err != nil {
		t.Errorf("Config{}.Validate() = %v, want nil: every field of ZeroMeansDefault takes 0 as its default", err)
	}
	d := reflect.ValueOf(DefaultConfig())
	for _, name := range ZeroMeansDefault {
		t.Run(name, func(t *testing.T) {
			cfg := DefaultConfig()
			f := reflect.ValueOf(&cfg).Elem().FieldByName(name)
			if !f.IsValid() {
				t.Fatalf("ZeroMeansDefault names %s, which Config does not have", name)
			}
			f.SetZero()
			if err := cfg.Validate(); err != nil {
				t.Errorf("Validate with %s 0 = %v, want nil (0 means the default)", name, err)
			}
			got := reflect.ValueOf(New(cfg).Config()).FieldByName(name).Interface()
			if want := d.FieldByName(name).Interface(); got != want {
				t.Errorf("New with %s 0: effective %v, want the default %v", name, got, want)
			}
		})
	}
}

func TestValidateRefusesANegativeStoreSizeNamingTheDefault(t *testing.T) {
	t.Parallel()
	cfg := DefaultConfig()
	cfg.MaxStoreBytes = -1
	err := cfg.Validate()
	if err == nil || !strings.Contains(err.Error(), "MaxStoreBytes must not be negative") || !strings.Contains(err.Error(), "8388608 (the default, 8 MiB)") {
		t.Errorf("Validate with MaxStoreBytes -1 = %v, want an error naming the field and the real default", err)
	}
}
